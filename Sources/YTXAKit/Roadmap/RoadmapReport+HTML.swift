import YTXAFormats

extension RoadmapReport {
  /// The page: the table per district with a small chart of target vs attained by year.
  public func html() -> String {
    let e = HTML.escape
    let roadmap = progress.roadmap
    let l = language
    // A report the department sends: the administrative header (Nghị định 30/2020/NĐ-CP), the
    // title, and at the end the recipients and the signature.
    var body: [String] = [
      HTML.documentHeader(
        province: roadmap.provinceName, office: ("SỞ Y TẾ", "DEPARTMENT OF HEALTH"),
        kind: "BC-SYT", issued: issued, language: l),
      l.pick(
        "<h1 class=\"doc\">BÁO CÁO<br><span>Tiến độ thực hiện lộ trình xã đạt chuẩn quốc gia về y tế"
          + "</span></h1>",
        "<h1 class=\"doc\">REPORT<br><span>Progress of the commune health standard roadmap"
          + "</span></h1>"),
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
    body.append(
      "<p class=\"note\">"
        + e(
          UnitRecognition.sourceSentence(
            fromRegister: progress.recognition?.isFromRegister ?? false, l)) + "</p>")
    if let recognition = progress.recognition {
      body.append(
        "<p class=\"note\">" + e(recognition.policy.sentence(l, namingOption: false)) + "</p>")
    }
    body.append(legend())
    body.append("<p class=\"meta\">" + e(htmlColumnKey) + "</p>")
    // The province first: its chart, this year's standing of every district, its table.
    body.append(
      "<div class=\"keep\">"
        + l.pick(
          "<h2>Toàn tỉnh — \(roadmap.provinceCommunes) xã</h2>",
          "<h2>Province — \(roadmap.provinceCommunes) communes</h2>")
        + chart(progress.province, scale: roadmap.provinceCommunes) + "</div>")
    body.append(districtsThisYear())
    // The province's table is kept with its own heading: on a new page it must not read as the
    // last district's.
    body.append(
      "<div class=\"keep\"><h3>"
        + e(
          l.pick(
            "Toàn tỉnh (\(roadmap.provinceName)): chỉ tiêu và kết quả theo năm",
            "Whole province (\(roadmap.provinceName)): targets and results by year"))
        + "</h3>" + table(progress.province) + "</div>")
    // Then the districts, every chart on one scale (the largest district's communes).
    let scale = progress.districts.map(\.district.communes).max() ?? 1
    for row in progress.districts {
      body.append(
        "<div class=\"keep district\"><h2>\(e(row.district.name)) (\(e(row.district.code.digits))) — "
          + l.pick("\(row.district.communes) xã", "\(row.district.communes) communes") + "</h2>"
          + chart(row.years, scale: scale) + table(row.years) + "</div>")
    }
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
    if let heading = discrepancyLines.first {
      body.append("<h2>" + e(String(heading.dropLast())) + "</h2><ul>")
      for item in progress.discrepancies { body.append("<li>" + e(item.sentence(l)) + "</li>") }
      body.append("</ul>")
    }
    if !progress.unknownDistricts.isEmpty { body += unknownSection() }
    body.append(
      "<div class=\"recipients\"><p><strong><em>" + e(l.pick("Nơi nhận:", "Recipients:"))
        + "</em></strong></p><p>" + e(l.pick("- UBND tỉnh;", "- provincial People's Committee;"))
        + "<br>" + e(l.pick("- Lưu: VT.", "- Archive.")) + "</p></div>"
        + HTML.signatures(
          [l.pick("NGƯỜI LẬP BÁO CÁO", "PREPARED BY"), l.pick("GIÁM ĐỐC", "DIRECTOR")],
          dated: false, language: l))
    // The running header of every printed page: the plan's title, not its file id.
    return HTML.page(
      title: l.pick("Tiến độ lộ trình — \(roadmap.name)", "Roadmap progress — \(roadmap.name)"),
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
  /// What the columns of ``table(_:)`` mean, in its own headers' words.
  private var htmlColumnKey: String {
    language.pick(
      "Cột: KH = chỉ tiêu mới trong năm; Lũy kế = chỉ tiêu lũy kế; Đạt chuẩn = số xã của kế hoạch "
        + "được công nhận cuối năm; Mới = số xã mới được công nhận; Chênh = Đạt chuẩn − Lũy kế"
        + (progress.coverage != nil
          ? "; Đơn vị = số đơn vị hiện nay giữ các xã của kế hoạch; Đơn vị đạt = số đơn vị đó "
            + "được công nhận" : "")
        + (hasAwaiting ? "; Đạt, chờ QĐ = số đơn vị đó đã đạt, chưa có quyết định công nhận" : "")
        + "; (*) năm dự kiến.",
      "Columns: Plan = new in the year; Cumulative = the cumulative target; Recognised = the "
        + "plan's communes recognised at the end of the year; New = newly recognised; Gap = "
        + "Recognised − Cumulative"
        + (progress.coverage != nil
          ? "; Units = the units in force holding the plan's communes; Units recognised = how "
            + "many of them are" : "")
        + (hasAwaiting ? "; Passed, awaiting = how many of them passed, no decision yet" : "")
        + "; (*) a projected year.")
  }

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
      + (hasAwaiting
        ? l.pick("<th class=\"n\">Đạt, chờ QĐ</th>", "<th class=\"n\">Passed, awaiting</th>")
        : "")
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
        } ?? "")
        + (row.passedAwaitingDecision.map { "<td class=\"n\">\($0)</td>" } ?? "") + "</tr>"
    }
    return html + "</tbody></table></div>"
  }

  /// What the charts show, in words and swatches.
  private func legend() -> String {
    let l = language
    func swatch(_ colour: String, line: Bool = false) -> String {
      "<svg width=\"18\" height=\"10\" aria-hidden=\"true\">"
        + (line
          ? "<line x1=\"0\" y1=\"5\" x2=\"18\" y2=\"5\" stroke=\"\(colour)\" stroke-width=\"2\"/>"
          : "<rect width=\"18\" height=\"10\" fill=\"\(colour)\"/>") + "</svg>"
    }
    return "<p class=\"meta legend\">" + swatch("#1b7f3b") + " "
      + l.pick("số xã được công nhận cuối năm", "communes recognised at the end of the year")
      + " &nbsp; " + swatch("#b0b7bf") + " "
      + l.pick(
        "năm dự kiến (*): các công nhận còn hiệu lực nếu không công nhận thêm xã nào",
        "projected year (*): recognitions still in force if no more commune is recognised")
      + " &nbsp; " + swatch("#1d1d1f", line: true) + " "
      + l.pick("chỉ tiêu lũy kế của kế hoạch", "the plan's cumulative target") + "</p>"
  }

  /// This year's standing of every district (the latest year with evidence): one row each.
  private func districtsThisYear() -> String {
    let l = language
    let e = HTML.escape
    guard let year = progress.province.last(where: { !$0.isProjection })?.year else { return "" }
    var html =
      "<h3>" + e(l.pick("Các huyện năm \(year)", "The districts in \(year)")) + "</h3>"
      + "<div class=\"wrap\"><table><thead><tr><th>" + l.pick("Huyện", "District")
      + "</th><th class=\"n\">" + l.pick("Lũy kế", "Cumulative") + "</th><th class=\"n\">"
      + l.pick("Đạt chuẩn", "Recognised") + "</th><th class=\"n\">" + l.pick("Chênh", "Gap")
      + "</th><th>" + l.pick("Đánh giá", "Standing") + "</th></tr></thead><tbody>"
    for district in progress.districts {
      guard let row = district.years.first(where: { $0.year == year }) else { continue }
      let css = row.standing == .behind ? "short" : "okc"
      html +=
        "<tr><td>\(e(district.district.name))</td><td class=\"n\">\(row.targetCumulative)</td>"
        + "<td class=\"n\">\(row.attained)</td><td class=\"n\">\(Self.signed(row.gap))</td>"
        + "<td class=\"\(css)\">\(e(row.standingWord(in: l)))</td></tr>"
    }
    return html + "</tbody></table></div>"
  }

  /// Bars of attained communes and a line of the cumulative target, per year (inline SVG), on
  /// a y-axis from 0 to `scale` (rounded up to a round number) with gridlines; projected years
  /// in grey, their labels starred.
  func chart(_ rows: [RoadmapProgress.YearRow], scale: Int) -> String {
    let step = Self.tickStep(max(scale, rows.map(\.attained).max() ?? 0, 1))
    let top = step * 4
    let width = 46 * max(rows.count, 1) + 44
    let height = 132
    func y(_ value: Int) -> Int { 110 - value * 100 / top }
    var svg =
      "<div class=\"wrap\"><svg viewBox=\"0 0 \(width) \(height)\" width=\"100%\" "
      + "style=\"max-width:44rem;min-width:26rem;"
      + "font-size:9px\" role=\"img\" aria-label=\""
      + language.pick("Chỉ tiêu và kết quả theo năm", "Target and result by year") + "\">"
    for tick in 0...4 {
      let value = tick * step
      svg +=
        "<line x1=\"36\" y1=\"\(y(value))\" x2=\"\(width)\" y2=\"\(y(value))\" "
        + "stroke=\"\(tick == 0 ? "#888" : "#e3e6ea")\"/>"
        + "<text x=\"32\" y=\"\(y(value) + 3)\" text-anchor=\"end\">\(value)</text>"
    }
    var points: [String] = []
    for (index, row) in rows.enumerated() {
      let x = 42 + index * 46
      let barTop = y(row.attained)
      svg +=
        "<rect x=\"\(x)\" y=\"\(barTop)\" width=\"26\" height=\"\(110 - barTop)\" "
        + "fill=\"\(row.isProjection ? "#b0b7bf" : "#1b7f3b")\"/>"
        + "<text x=\"\(x + 13)\" y=\"124\" text-anchor=\"middle\""
        + (row.isProjection ? " fill=\"#5f6368\"" : "") + ">\(row.year)"
        + (row.isProjection ? "*" : "") + "</text>"
        + "<text x=\"\(x + 13)\" y=\"\(max(barTop - 2, 8))\" text-anchor=\"middle\">"
        + "\(row.attained)</text>"
      points.append("\(x + 13),\(y(row.targetCumulative))")
    }
    return svg
      + "<polyline fill=\"none\" stroke=\"#1d1d1f\" stroke-width=\"2\" points=\""
      + points.joined(separator: " ") + "\"/></svg></div>"
  }

  /// A round step for four ticks covering `value`: 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a
  /// power of ten (a whole number), the smallest that reaches it.
  static func tickStep(_ value: Int) -> Int {
    var power = 1
    while true {
      for tenths in [10, 15, 20, 25, 30, 40, 50, 60, 80] where tenths * power % 10 == 0 {
        let step = tenths * power / 10
        if step * 4 >= value { return step }
      }
      power *= 10
    }
  }
}
