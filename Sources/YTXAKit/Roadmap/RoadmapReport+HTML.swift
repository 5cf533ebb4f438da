extension RoadmapReport {
  /// The page: the table per district with a small chart of target vs attained by year.
  public func html() -> String {
    let e = HTML.escape
    let roadmap = progress.roadmap
    let l = language
    var body: [String] = [
      l.pick(
        "<h1>Tiến độ lộ trình xã đạt chuẩn quốc gia về y tế</h1>",
        "<h1>Progress of the commune health standard roadmap</h1>")
    ]
    body.append(
      "<p class=\"meta\">\(e(roadmap.name)) (\(e(roadmap.legalNumber)), \(e(Phrasebook(l).date(roadmap.legalDate))))</p>"
    )
    if let criteria {
      body.append(
        "<p class=\"note\">" + e(Phrasebook(l).provenance(criteria)) + "</p>")
    }
    if !unitsChecked {
      body.append(
        "<p class=\"note\">" + e(Phrasebook(l).districtsAsOf(unitsChecked: false)) + "</p>")
    }
    if unitsChecked, let day = roadmap.unitsAsOf {
      body.append("<p class=\"meta\">" + e(Phrasebook(l).planUnits(day)) + "</p>")
    }
    if let recognition = progress.recognition {
      body.append("<p class=\"note\">" + e(recognition.policy.sentence(l)) + "</p>")
    }
    body.append(
      "<p class=\"meta\">"
        + l.pick(
          "Cột xanh: số xã được công nhận cuối năm; đường đen: chỉ tiêu lũy kế. "
            + "Năm đánh dấu * là dự kiến (chưa có minh chứng của năm đó).",
          "Green bars: communes recognised at the end of the year; black line: cumulative target. "
            + "Years marked * are projections (no evidence of that year yet).") + "</p>")
    for row in progress.districts {
      body.append(
        "<h2>\(e(row.district.name)) (\(e(row.district.code.digits))) — "
          + l.pick("\(row.district.communes) xã", "\(row.district.communes) communes") + "</h2>"
      )
      body.append(chart(row.years, communes: row.district.communes))
      body.append(table(row.years))
    }
    body.append(
      l.pick(
        "<h2>Toàn tỉnh — \(roadmap.provinceCommunes) xã</h2>",
        "<h2>Province — \(roadmap.provinceCommunes) communes</h2>"))
    body.append(chart(progress.province, communes: roadmap.provinceCommunes))
    body.append(table(progress.province))
    if let first = progress.lookAhead.first {
      body.append(
        "<h2>"
          + e(
            l.pick(
              "Năm \(first.year): cần thêm bao nhiêu xã để đúng lộ trình",
              "\(first.year): how many more communes to stay on plan")) + "</h2><ul>")
      for item in progress.lookAhead {
        body.append("<li>" + e(String(lookAheadLine(item).trimmingSpaces)) + "</li>")
      }
      body.append("</ul>")
    }
    if !progress.unknownDistricts.isEmpty { body += unknownSection() }
    return HTML.page(
      title: l.pick("Lộ trình \(roadmap.id)", "Roadmap \(roadmap.id)"),
      body: body.joined(separator: "\n"), language: l)
  }

  /// The units with evidence outside the plan.
  private func unknownSection() -> [String] {
    let l = language
    let e = HTML.escape
    var body: [String] = []
    body.append(l.pick("<h2>Không thuộc lộ trình</h2><ul>", "<h2>Not in the roadmap</h2><ul>"))
    for unknown in progress.unknownDistricts {
      body.append(
        (unknown.code.map {
          l.pick("<li>Huyện ", "<li>District ") + "\(e($0.digits)) \(e(unknown.name)): "
        }
          ?? l.pick(
            "<li>Không có huyện (đơn vị từ 01/07/2025): ",
            "<li>No district (units since 2025-07-01): "))
          + e(unknown.communes.map(\.digits).joined(separator: ", ")) + "</li>")
    }
    body.append("</ul>")
    return body
  }

  /// One table of the page: a district's (or the province's) years.
  private func table(_ rows: [RoadmapProgress.YearRow]) -> String {
    let l = language
    var html =
      "<div class=\"wrap\"><table><thead><tr>"
      + l.pick(
        "<th>Năm</th><th class=\"n\">KH</th><th class=\"n\">Lũy kế</th>"
          + "<th class=\"n\">Đạt chuẩn</th><th class=\"n\">Mới</th><th class=\"n\">Chênh</th>"
          + "<th>Đánh giá</th>",
        "<th>Year</th><th class=\"n\">Plan</th><th class=\"n\">Cumulative</th>"
          + "<th class=\"n\">Recognised</th><th class=\"n\">New</th><th class=\"n\">Gap</th>"
          + "<th>Standing</th>")
      + (progress.coverage != nil
        ? l.pick(
          "<th class=\"n\">Đơn vị</th><th class=\"n\">Đơn vị đạt</th>",
          "<th class=\"n\">Units</th><th class=\"n\">Units recognised</th>") : "")
      + "</tr></thead><tbody>"
    for row in rows {
      let css = row.isProjection ? "proj" : row.standing == .behind ? "short" : "okc"
      html +=
        "<tr><td>\(row.year)\(row.isProjection ? "*" : "")</td><td class=\"n\">\(row.target)</td>"
        + "<td class=\"n\">\(row.targetCumulative)</td><td class=\"n\">\(row.attained)</td>"
        + "<td class=\"n\">\(row.newlyAttained)</td>"
        + "<td class=\"n\">\(Self.signed(row.gap))</td>"
        + "<td class=\"\(css)\">\(row.standingWord(in: l))</td>"
        + (row.unitsInForce.map {
          "<td class=\"n\">\($0)</td><td class=\"n\">\(row.unitsRecognised ?? 0)</td>"
        } ?? "") + "</tr>"
    }
    return html + "</tbody></table></div>"
  }

  /// Bars of attained communes and a line of the cumulative target, per year (inline SVG).
  func chart(_ rows: [RoadmapProgress.YearRow], communes: Int) -> String {
    let width = 40 * max(rows.count, 1) + 40
    let height = 120
    let top = max(communes, rows.map(\.attained).max() ?? 0, 1)
    func y(_ value: Int) -> Int { 100 - value * 90 / top }
    var svg =
      "<svg viewBox=\"0 0 \(width) \(height)\" width=\"100%\" style=\"max-width:30rem;"
      + "font-size:9px\" role=\"img\" aria-label=\""
      + language.pick("Chỉ tiêu và kết quả theo năm", "Target and result by year") + "\">"
      + "<line x1=\"30\" y1=\"100\" x2=\"\(width)\" y2=\"100\" stroke=\"#888\"/>"
    var points: [String] = []
    for (index, row) in rows.enumerated() {
      let x = 34 + index * 40
      let barTop = y(row.attained)
      svg +=
        "<rect x=\"\(x)\" y=\"\(barTop)\" width=\"24\" height=\"\(100 - barTop)\" "
        + "fill=\"\(row.isProjection ? "#a5d6a7" : "#1b7f3b")\"/>"
        + "<text x=\"\(x + 12)\" y=\"112\" text-anchor=\"middle\">\(row.year)</text>"
        + "<text x=\"\(x + 12)\" y=\"\(max(barTop - 2, 8))\" text-anchor=\"middle\">"
        + "\(row.attained)</text>"
      points.append("\(x + 12),\(y(row.targetCumulative))")
    }
    svg +=
      "<polyline fill=\"none\" stroke=\"#1d1d1f\" stroke-width=\"2\" points=\""
      + points.joined(separator: " ") + "\"/>"
      + "<text x=\"2\" y=\"\(y(top) + 3)\">\(top)</text><text x=\"2\" y=\"103\">0</text></svg>"
    return svg
  }
}
