import YTXAFormats

extension PlanReport {
  static let keys = [
    "plan", "target", "kind", "text", "computed_as", "year", "target_value", "target_year",
    "value", "met", "communes", "communes_without_evidence", "maintained", "added", "laggards",
    "left_out", "note", "criteria_set", "criteria_sha256",
  ]

  /// One row per target and year (an external target: one row, its year blank): the rows of
  /// `--format csv` and of the workbook, to paste into a report.
  package func table(headers: Table.Headers = .both) -> Table {
    let l = language
    let words = headers == .both
    var table = Table(
      header: Self.keys,
      labels: [
        l.pick("Kế hoạch", "Plan"), l.pick("Mục tiêu", "Target"), l.pick("Loại", "Kind"),
        l.pick("Nội dung (lời văn kế hoạch)", "Text (the plan's words)"),
        l.pick("Cách tính", "Computed as"), l.pick("Năm", "Year"),
        l.pick("Chỉ tiêu", "Target value"), l.pick("Năm của chỉ tiêu", "Target year"),
        l.pick("Kết quả", "Value"), l.pick("Đánh giá", "Verdict"), l.pick("Số xã", "Communes"),
        l.pick("Số xã thiếu minh chứng", "Communes without evidence"),
        l.pick("Giữ được", "Maintained"), l.pick("Thêm mới", "Added"),
        l.pick("Kéo kết quả xuống", "Pulling it down"),
        l.pick("Để ra ngoài", "Left out"), l.pick("Ghi chú", "Note"),
        l.pick("Bộ tiêu chí", "Criteria set"), "SHA-256",
      ])
    let criteria = evaluation.criteria
    let rules: [Table.Cell] = [
      .text(criteria.source?.citation ?? criteria.id), .text(criteria.source?.sha256 ?? ""),
    ]
    let kinds = [
      "recognised": l.pick("xã đạt chuẩn", "recognised"),
      "indicator": l.pick("chỉ tiêu", "indicator"),
      "external": l.pick("ngoài minh chứng", "external"),
    ]
    for result in evaluation.targets {
      let target = result.target
      let head: [Table.Cell] = [
        .text(evaluation.plan.id), .text(target.id),
        .text(words ? kinds[target.kindKey] ?? target.kindKey : target.kindKey), .text(target.text),
        .text(method(target)),
      ]
      guard !result.years.isEmpty else {
        table.rows.append(
          head + Array(repeating: .text(""), count: 11) + [.text(target.note ?? "")] + rules)
        continue
      }
      let percent = Self.isPercent(target)
      for year in result.years {
        let met: Table.Cell =
          switch year.met {
          case true?: words ? .toned(verdict(year), .good) : .text("1")
          case false?: words ? .toned(verdict(year), .bad) : .text("0")
          case nil: .text(words ? verdict(year) : "")
          }
        let laggards = year.laggards.map { "\($0.name) (\($0.code.digits)): \($0.shortfall)" }
        let leftOut = year.leftOut.map { "\($0.name) (\($0.code.digits)): \($0.planCommunes)" }
        table.rows.append(
          head + [
            .number(String(year.year)), .number(year.target?.description ?? ""),
            .number(year.targetYear.map(String.init) ?? ""),
            .number(year.value?.rounded(places: percent ? 2 : 0).description ?? ""), met,
            .number(String(year.communes)), .number(String(year.communesWithoutEvidence)),
            .number(year.maintained.map(String.init) ?? ""),
            .number(year.added.map(String.init) ?? ""), .text(laggards.joined(separator: "; ")),
            .text(leftOut.joined(separator: "; ")), .text(target.note ?? ""),
          ] + rules)
      }
    }
    return table
  }

  /// One self-contained page: the heading, the table of measurable targets, the external ones.
  public func html() -> String {
    let l = language
    let e = HTML.escape
    var body = "<h1>" + e(evaluation.plan.name) + "</h1>"
    for line in heading().dropFirst() { body += "<p class=\"meta\">" + e(line) + "</p>" }
    // The target's words take the room; a target's rows are never split across pages.
    body +=
      "<style>.plan th:first-child{width:36%}.plan td.why{width:34%}.plan th.n{white-space:normal}"
      + ".plan tr{break-inside:avoid}.plan small{line-height:1.3}</style>"
      + "<div class=\"wrap\"><table class=\"plan\"><thead><tr>"
      + [
        l.pick("Mục tiêu", "Target"), l.pick("Năm", "Year"), l.pick("Chỉ tiêu", "Target"),
        l.pick("Kết quả", "Value"), l.pick("Đánh giá", "Verdict"), l.pick("Số xã", "Communes"),
        l.pick("Xã thiếu minh chứng", "Without evidence"),
      ].enumerated().map {
        [2, 3, 5, 6].contains($0.offset)
          ? "<th class=\"n\">\($0.element)</th>" : "<th>\($0.element)</th>"
      }
      .joined() + "</tr></thead><tbody>"
    for result in evaluation.targets where result.target.kindKey != "external" {
      let target = result.target
      let percent = Self.isPercent(target)
      let rows = max(1, result.years.count)
      body +=
        "<tr><td rowspan=\"\(rows)\"><strong>\(e(target.text))</strong><br><small>"
        + e(method(target)) + (target.note.map { "<br>" + e($0) } ?? "") + "</small></td>"
      if result.years.isEmpty { body += "<td colspan=\"6\">—</td></tr>" }
      for (index, year) in result.years.enumerated() {
        if index > 0 { body += "<tr>" }
        let tone = year.met.map { $0 ? "pass" : "fail" } ?? ""
        let extra = details(year, target).map { "<br><small>" + e($0) + "</small>" }.joined()
        body +=
          "<td>\(year.year)</td><td class=\"n\">\(e(targetText(target, year)))</td>"
          + "<td class=\"n\">\(e(measured(year.value, percent: percent)))</td>"
          + "<td class=\"why \(tone)\">\(e(verdict(year)))\(extra)</td>"
          + "<td class=\"n\">\(year.communes)</td><td class=\"n\">\(year.communesWithoutEvidence)</td></tr>"
      }
    }
    body += "</tbody></table></div>"
    let external = evaluation.targets.filter { $0.target.kindKey == "external" }
    if !external.isEmpty {
      body += l.pick(
        "<h2>Không đo được từ minh chứng của xã</h2><ul>",
        "<h2>Not measurable from the communes' evidence</h2><ul>")
      body += external.map { "<li>" + e($0.target.text) + "</li>" }.joined() + "</ul>"
    }
    return HTML.page(title: evaluation.plan.name, body: body, language: l)
  }
}
