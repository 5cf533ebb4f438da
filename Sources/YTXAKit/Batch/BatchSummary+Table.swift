import YTXAFormats

extension BatchSummary {
  /// `summary.csv`: one row for the province (all files) and one per district.
  package func csv(language: Language = .vi, headers: Table.Headers = .both) -> String {
    table(language: language, headers: headers).csv(headers: headers)
  }

  /// `summary.xlsx`: the rows of `summary.csv`, counts and means as numbers.
  package func xlsx(language: Language = .vi, headers: Table.Headers = .both) -> [UInt8] {
    table(language: language, headers: headers).xlsx(
      sheet: language.pick("Tổng hợp", "Summary"), headers: headers)
  }

  /// The rows of `summary.csv` and `summary.xlsx`, made once: with ``Table/Headers/both`` a
  /// labels row in `language` and the scope in words (`tỉnh`, `huyện`); with
  /// ``Table/Headers/keys`` the keys alone and the scope as a key (`province`, `district`).
  func table(language l: Language = .vi, headers: Table.Headers = .both) -> Table {
    var table = Table(
      header: [
        "scope", "district_code", "district_name", "communes", "passed", "failed",
        "failed_total", "failed_criterion", "failed_knockout", "rejected_files", "mean_total",
        "mean_percent", "pass_rate", "unverified_indicators", "criteria_files", "districts_as_of",
      ],
      labels: [
        l.pick("Phạm vi", "Scope"), l.pick("Mã huyện", "District code"),
        l.pick("Tên huyện", "District"), l.pick("Số xã", "Communes"), l.pick("Đạt", "Passed"),
        l.pick("Chưa đạt", "Failed"), l.pick("Chưa đạt: tổng điểm", "Failed: total"),
        l.pick("Chưa đạt: tiêu chí", "Failed: criterion"),
        l.pick("Chưa đạt: điểm liệt", "Failed: knock-out"),
        l.pick("Tệp bị từ chối", "Rejected files"), l.pick("Điểm trung bình", "Mean total"),
        l.pick("Tỷ lệ % trung bình", "Mean percent"), l.pick("Tỷ lệ đạt %", "Pass rate %"),
        l.pick("Chỉ tiêu chưa đối chiếu", "Unverified indicators"),
        l.pick("Tệp bộ tiêu chí", "Criteria files"),
        l.pick("Huyện theo", "Districts as of"),
      ])
    // With --compare-criteria: the counts under the other set, after the run's own columns.
    let comparing = comparedSet != nil
    if comparing {
      table = Table(
        header: table.header + [
          "compared_criteria", "passed_compared", "gained", "lost", "changed",
          "not_scored_compared",
        ],
        labels: (table.labels ?? []) + [
          l.pick("Bộ tiêu chí so sánh", "Compared criteria"),
          l.pick("Đạt (bộ so sánh)", "Passed (compared)"), l.pick("Thêm đạt", "Gained"),
          l.pick("Mất đạt", "Lost"), l.pick("Đổi kết quả hoặc tổng điểm", "Changed"),
          l.pick("Không chấm được (bộ so sánh)", "Not scorable (compared)"),
        ])
    }
    let compared =
      comparedSet.map { set in
        (set.source.map { "\($0.citation): \($0.file) sha256:\($0.sha256)" } ?? set.id)
      } ?? ""
    func scope(_ key: String) -> String {
      guard headers == .both else { return key }
      switch key {
      case "province": return l.pick("tỉnh", "province")
      case "district": return l.pick("huyện", "district")
      default: return l.pick("không thuộc huyện", "without district")
      }
    }
    let unverified = criteria.map { "\($0.id): \($0.unverified)/\($0.indicators)" }.joined(
      separator: "; ")
    let files = criteria.map { use in
      (use.source.map { "\($0.citation): \($0.file) sha256:\($0.sha256)" } ?? use.id)
    }.joined(separator: "; ")
    func row(
      _ key: String, _ code: String, _ name: String, _ tally: BatchTally, _ after: ComparisonTally
    ) {
      func decimal(_ value: ExactDecimal?) -> Table.Cell {
        .number(value?.formatted(decimalSeparator: ".", minimumPlaces: 1) ?? "")
      }
      func count(_ value: Int) -> Table.Cell { .number(String(value)) }
      var cells: [Table.Cell] = [
        .text(scope(key)), .text(code), .text(name), count(tally.communes), count(tally.passed),
        count(tally.failed), count(tally.failedTotal), count(tally.failedCriterion),
        count(tally.failedKnockout), count(tally.rejected), decimal(tally.meanTotal),
        decimal(tally.meanPercent), decimal(tally.passRate), .text(unverified), .text(files),
        .text(unitsChecked ? "assessedOn" : "asWritten"),
      ]
      if comparing {
        cells += [
          .text(compared), count(after.passedAfter), count(after.gained), count(after.lost),
          count(after.changed), count(after.notScoredAfter),
        ]
      }
      table.rows.append(cells)
    }
    row("province", provinceCode?.digits ?? "", provinceName ?? "", province, self.compared)
    for district in districts {
      if let code = district.code {
        row("district", code.digits, district.name, district.tally, district.compared)
      } else {
        row("without_district", "", district.name, district.tally, district.compared)
      }
    }
    return table
  }
}
