import YTXAFormats

/// The `--compare-criteria` sections of `report.html`: what changes per district under the
/// other set, and the communes whose verdict or total changes.
extension BatchHTMLReport {
  /// The other set and the per-district table of verdicts before and after.
  static func comparisonSummary(
    _ summary: BatchSummary, _ other: BatchSummary.ComparedSet, language l: Language
  ) -> [String] {
    let e = HTML.escape
    var body: [String] = []
    body.append(
      l.pick("<h2>Nếu chấm theo bộ tiêu chí khác</h2>", "<h2>Under another criteria set</h2>"))
    let file = other.source.map { "\($0.file), SHA-256 \($0.sha256.prefix(16))…" } ?? other.id
    body.append(
      "<p class=\"meta\">"
        + e(
          l.pick(
            "Mỗi xã được chấm lại từ cùng minh chứng theo bộ \(other.id) "
              + "(\(other.legalBasis.joined(separator: ", "))), tệp \(file); "
              + "\(other.unverified)/\(other.indicators) chỉ tiêu chưa đối chiếu.",
            "Each commune was scored again from the same evidence under \(other.id) "
              + "(\(other.legalBasis.joined(separator: ", "))), file \(file); "
              + "\(other.unverified) of \(other.indicators) indicators unverified.")) + "</p>")
    var table =
      "<div class=\"wrap\"><table class=\"districts\"><thead><tr><th>"
      + l.pick("Huyện", "District") + "</th>"
      + l.pick(
        "Số hồ sơ|Đạt (bộ đang dùng)|Đạt (bộ so sánh)|Thêm đạt|Mất đạt|Thay đổi",
        "Records|Pass (in use)|Pass (compared)|Gain|Lose|Changed"
      ).split(separator: "|").map { "<th class=\"n\">\($0)</th>" }.joined() + "</tr></thead><tbody>"
    func row(_ label: String, _ tally: ComparisonTally, bold: Bool = false) -> String {
      let cells = [
        tally.communes, tally.passedBefore, tally.passedAfter, tally.gained, tally.lost,
        tally.changed,
      ].map { "<td class=\"n\">\($0)</td>" }.joined()
      return "<tr><td>" + (bold ? "<strong>\(e(label))</strong>" : e(label)) + "</td>" + cells
        + "</tr>"
    }
    for district in summary.districts {
      let label =
        district.code.map { "\(district.name) (\($0))" } ?? Phrasebook(l).groupLabel(district)
      table += row(label, district.compared)
    }
    table += row(l.pick("Toàn bộ", "All"), summary.compared, bold: true) + "</tbody></table></div>"
    body.append(table)
    if summary.compared.notScoredAfter > 0 {
      body.append(
        "<p class=\"note\">"
          + l.pick(
            "\(summary.compared.notScoredAfter) hồ sơ không chấm được theo bộ so sánh (minh chứng "
              + "không hợp lệ với bộ đó); chúng được tính là mất đạt nếu đang đạt. Lý do: "
              + "compare.jsonl, trường errorAfter.",
            "\(summary.compared.notScoredAfter) records cannot be scored under the compared set "
              + "(their evidence is not valid for it); those passing now count as losing. Why: "
              + "compare.jsonl, field errorAfter.") + "</p>")
    }
    return body
  }

  /// The communes whose verdict or total changes, streamed row by row.
  static func writeComparisonList<Failure: Error>(
    _ summary: BatchSummary, _ other: BatchSummary.ComparedSet, names: (BatchRecord) -> String,
    lines: (BatchRecord) -> [UInt8]?, language l: Language,
    to sink: (String) throws(Failure) -> Void
  ) throws(Failure) {
    let e = HTML.escape
    let count = summary.compared.changed
    try sink(
      l.pick(
        "\n<h2>Xã thay đổi kết quả theo bộ \(e(other.id)) (\(count))</h2>",
        "\n<h2>Communes whose result changes under \(e(other.id)) (\(count))</h2>"))
    guard count > 0 else { return try sink(l.pick("<p>Không có.</p>", "<p>None.</p>")) }
    try sink(
      "\n<div class=\"wrap\"><table><thead><tr>"
        + l.pick(
          "<th>Mã</th><th>Xã</th><th>Huyện</th><th class=\"n\">Năm</th><th>Trước</th>"
            + "<th>Sau</th><th>Chỉ tiêu thay đổi</th>",
          "<th>Code</th><th>Commune</th><th>District</th><th class=\"n\">Year</th>"
            + "<th>Before</th><th>After</th><th>Indicators that differ</th>")
        + "</tr></thead><tbody>")
    func verdict(_ passed: JSONValue?, _ total: JSONValue?, _ maximum: JSONValue?) -> String {
      guard case .bool(let flag)? = passed, case .number(let points)? = total,
        case .number(let most)? = maximum
      else { return l.pick("không chấm được", "not scorable") }
      let shown = { (text: String) in ExactDecimal(literal: text).map(l.format) ?? text }
      return (flag ? l.pick("đạt", "pass") : l.pick("chưa đạt", "fail"))
        + " · \(shown(points))/\(shown(most))"
    }
    for record in summary.records {
      guard let line = lines(record), case .object(let object)? = try? JSONParser.parse(line)
      else { continue }
      var ids: [String] = []
      if case .array(let list)? = object["indicators"] { ids = list.compactMap(\.stringValue) }
      try sink(
        "<tr><td>\(e(record.communeCode.digits))</td><td>\(e(names(record)))</td>"
          + "<td>\(e(record.districtName ?? record.provinceName ?? "—"))</td>"
          + "<td class=\"n\">\(record.year)</td>"
          + "<td>\(e(verdict(object["passedBefore"], object["totalBefore"], object["maxBefore"])))</td>"
          + "<td>\(e(verdict(object["passedAfter"], object["totalAfter"], object["maxAfter"])))</td>"
          + "<td>\(e(ids.joined(separator: ", ")))</td></tr>\n")
    }
    try sink("</tbody></table></div>")
  }
}
