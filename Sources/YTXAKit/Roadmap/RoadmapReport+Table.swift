import YTXAFormats

extension RoadmapReport {
  /// The keys of the roadmap table (stable, for formulas and scripts).
  static let tableKeys = [
    "roadmap", "scope", "district_code", "district_name", "year", "target", "target_cumulative",
    "attained", "newly_attained", "gap", "status", "projection", "criteria_set", "criteria_file",
    "criteria_sha256", "on_merge", "units_in_force", "units_recognised",
    "passed_awaiting_decision",
  ]

  /// One row per district and year, then the province's: the rows of `--format csv` and of the
  /// workbook. With ``Table/Headers/keys`` the words are the keys scripts match (`cham`, `dat`,
  /// `vuot`, `district`, `true`); otherwise they are in the report's language (`chậm`, `huyện`,
  /// `có`), the status shaded in a workbook.
  package func table(headers: Table.Headers = .both) -> Table {
    let l = language
    let words = headers == .both
    var table = Table(
      header: Self.tableKeys,
      labels: [
        l.pick("Lộ trình", "Roadmap"), l.pick("Phạm vi", "Scope"),
        l.pick("Mã huyện", "District code"), l.pick("Tên huyện", "District name"),
        l.pick("Năm", "Year"), l.pick("Chỉ tiêu năm", "Target"),
        l.pick("Chỉ tiêu cộng dồn", "Cumulative target"), l.pick("Đã đạt", "Attained"),
        l.pick("Mới đạt", "Newly attained"), l.pick("Chênh lệch", "Gap"),
        l.pick("Tiến độ", "Status"), l.pick("Dự báo", "Projection"),
        l.pick("Bộ tiêu chí", "Criteria set"), l.pick("Tệp bộ tiêu chí", "Criteria file"),
        "SHA-256",
        l.pick("Khi sáp nhập", "On merge"), l.pick("Đơn vị có hiệu lực", "Units in force"),
        l.pick("Đơn vị được công nhận", "Units recognised"),
        l.pick("Đã đạt, chờ quyết định", "Passed, awaiting decision"),
      ])
    let policy = progress.recognition?.policy.rawValue ?? ""
    let file: [Table.Cell] = [
      .text(criteria?.source?.citation ?? criteria?.id ?? ""), .text(criteria?.source?.file ?? ""),
      .text(criteria?.source?.sha256 ?? ""),
    ]
    func row(_ scope: String, _ code: String, _ name: String, _ year: RoadmapProgress.YearRow)
      -> [Table.Cell]
    {
      let tone: Table.Tone =
        switch year.standing {
        case .behind: .bad
        case .onTrack, .ahead: .good
        }
      let status = words ? year.standingWord(in: l) : year.standing.rawValue
      let projection =
        words
        ? (year.isProjection ? l.pick("có", "yes") : "") : (year.isProjection ? "true" : "false")
      let scopeWord =
        !words
        ? scope : scope == "district" ? l.pick("huyện", "district") : l.pick("tỉnh", "province")
      return [
        .text(progress.roadmap.id), .text(scopeWord), .text(code), .text(name),
        .number(String(year.year)), .number(String(year.target)),
        .number(String(year.targetCumulative)), .number(String(year.attained)),
        .number(String(year.newlyAttained)), .number(String(year.gap)),
        words && !year.isProjection ? .toned(status, tone) : .text(status), .text(projection),
      ] + file + [
        .text(policy), .number(year.unitsInForce.map(String.init) ?? ""),
        .number(year.unitsRecognised.map(String.init) ?? ""),
        .number(year.passedAwaitingDecision.map(String.init) ?? ""),
      ]
    }
    for district in progress.districts {
      for year in district.years {
        table.rows.append(
          row("district", district.district.code.digits, district.district.name, year))
      }
    }
    for year in progress.province {
      table.rows.append(
        row(
          "province", progress.roadmap.provinceCode.digits, progress.roadmap.provinceName, year))
    }
    return table
  }

  /// One row per district (and the province) and year.
  package func csv(headers: Table.Headers = .both) -> String {
    table(headers: headers).csv(headers: headers)
  }

  /// The roadmap as a workbook: the province's years first, then a sheet per district, then
  /// every row together (the CSV's rows, for filtering).
  package func xlsx(headers: Table.Headers = .both) -> [UInt8] {
    let all = table(headers: headers)
    let scopeColumn = 1
    let codeColumn = 2
    func rows(where keep: ([Table.Cell]) -> Bool) -> Table {
      var part = all
      part.rows = all.rows.filter(keep)
      return part
    }
    let provinceScope = all.rows.last?[scopeColumn]
    var sheets: [(name: String, table: Table)] = [
      (
        language.pick("Toàn tỉnh", "Province"),
        rows { $0[scopeColumn] == provinceScope }
      )
    ]
    for district in progress.districts {
      let code = Table.Cell.text(district.district.code.digits)
      sheets.append(
        (
          district.district.name,
          rows { $0[scopeColumn] != provinceScope && $0[codeColumn] == code }
        ))
    }
    sheets.append((language.pick("Tất cả", "All rows"), all))
    return XLSXWriter.workbook(sheets, headers: headers)
  }
}
