import YTXAFormats

extension PlanReport {
  /// The text report: the heading, a block per measurable target, then the external ones.
  public func text() -> String {
    let l = language
    var lines = heading()
    let measurable = evaluation.targets.filter {
      !$0.years.isEmpty || $0.target.kindKey != "external"
    }
    for result in measurable where result.target.kindKey != "external" {
      lines.append("")
      lines.append("[\(result.target.id)] " + result.target.text)
      lines.append(l.pick("  Cách tính: ", "  Computed as: ") + method(result.target))
      if let note = result.target.note { lines.append(l.pick("  Ghi chú: ", "  Note: ") + note) }
      guard !result.years.isEmpty else {
        lines.append(l.pick("  (không có năm nào có minh chứng)", "  (no year with evidence)"))
        continue
      }
      lines.append(
        "  " + l.pick("Năm", "Year").padded(to: 6) + l.pick("Chỉ tiêu", "Target").padded(to: 20)
          + l.pick("Kết quả", "Value").padded(to: 11) + l.pick("Đánh giá", "Verdict").padded(to: 18)
          + l.pick("Số xã", "Communes").leftPadded(to: 10)
          + l.pick("Thiếu MC", "No evidence").leftPadded(to: 14))
      let percent = Self.isPercent(result.target)
      for year in result.years {
        lines.append(
          "  " + String(year.year).padded(to: 6) + targetText(result.target, year).padded(to: 20)
            + measured(year.value, percent: percent).padded(to: 11)
            + verdict(year).padded(to: 18) + String(year.communes).leftPadded(to: 10)
            + String(year.communesWithoutEvidence).leftPadded(to: 14))
        lines += details(year, result.target).map { "        " + $0 }
      }
    }
    let external = evaluation.targets.filter { $0.target.kindKey == "external" }
    if !external.isEmpty {
      lines.append("")
      lines.append(
        l.pick(
          "KHÔNG ĐO ĐƯỢC TỪ MINH CHỨNG CỦA XÃ (\(external.count) mục tiêu):",
          "NOT MEASURABLE FROM THE COMMUNES' EVIDENCE (\(external.count) targets):"))
      lines += external.map { "  [\($0.target.id)] " + $0.target.text }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Under a year: maintained and added, the communes pulling the value down, the units left out.
  func details(_ year: PlanEvaluation.Year, _ target: Plan.Target) -> [String] {
    let l = language
    var counted = ""
    var higher = true
    if case .indicator(let id, _, let comparator, _) = target.kind {
      higher = comparator.higherIsBetter
      if case .ratio(let ratio)? = evaluation.criteria.indicator(id)?.kind {
        counted = " (" + ratio.numeratorLabel.lowercased() + ")"
      }
    }
    var lines: [String] = []
    if let maintained = year.maintained, let before = year.previouslyCovered, let added = year.added
    {
      lines.append(
        l.pick(
          "giữ được \(maintained)/\(before) xã đã đạt cuối năm trước; thêm \(added) xã",
          "kept \(maintained) of the \(before) communes recognised a year before; added \(added)"))
    }
    if !year.laggards.isEmpty {
      lines.append(
        l.pick("Kéo kết quả xuống nhiều nhất", "Pulling it down most") + counted + ": "
          + year.laggards.map { laggard in
            let value = laggard.value.map { " " + measured($0, percent: true) } ?? ""
            let gap =
              laggard.value == nil
              ? l.pick("chưa đạt điều kiện", "condition not met")
              : higher
                ? l.pick("thiếu \(laggard.shortfall)", "\(laggard.shortfall) short")
                : l.pick("vượt \(laggard.shortfall)", "\(laggard.shortfall) over")
            return "\(laggard.name) (\(laggard.code.digits))\(value): \(gap)"
          }.joined(separator: "; "))
    }
    if !year.leftOut.isEmpty {
      lines.append(
        l.pick(
          "Để ra ngoài (vắt qua ranh giới địa bàn): ", "Left out (straddling the area's edge): ")
          + year.leftOut.map {
            "\($0.name) (\($0.code.digits)), "
              + l.pick(
                "chứa \($0.planCommunes) xã của địa bàn",
                "holds \($0.planCommunes) of the area's communes")
          }.joined(separator: "; "))
    }
    return lines
  }

  /// The JSON of interfaces §7 (keys sorted), with the area's communes, the rules and, per year,
  /// the communes pulling the value down and the units left out.
  package func jsonOutput() -> JSONOutput {
    let plan = evaluation.plan
    func decimal(_ value: ExactDecimal?) -> JSONOutput { value.map { .decimal($0) } ?? .null }
    let targets: [JSONOutput] = evaluation.targets.map { result in
      let target = result.target
      var members: JSONOutput.Members = [
        "id": .string(target.id), "kind": .string(target.kindKey), "text": .string(target.text),
      ]
      members["note"] = target.note.map { .string($0) }
      if case .indicator(let id, _, let comparator, _) = target.kind {
        members["indicator"] = .string(id)
        members["comparator"] = .string(comparator.rawValue)
      }
      if target.kindKey == "recognised" { members["comparator"] = .string(">=") }
      if target.kindKey != "external" {
        let percent = Self.isPercent(target)
        members["years"] = .array(
          result.years.map { year in
            var row: JSONOutput.Members = [
              "year": .int(year.year), "target": decimal(year.target),
              "value": decimal(year.value?.rounded(places: percent ? 2 : 0)),
              "met": year.met.map { .bool($0) } ?? .null, "communes": .int(year.communes),
              "communesWithoutEvidence": .int(year.communesWithoutEvidence),
            ]
            row["targetYear"] = year.targetYear.map { .int($0) }
            row["maintained"] = year.maintained.map { .int($0) }
            row["previouslyRecognised"] = year.previouslyCovered.map { .int($0) }
            row["added"] = year.added.map { .int($0) }
            if !year.laggards.isEmpty {
              row["laggards"] = .array(
                year.laggards.map {
                  JSONOutput.object([
                    "code": .string($0.code.digits), "name": .string($0.name),
                    "value": decimal($0.value?.rounded(places: 2)), "shortfall": .int($0.shortfall),
                  ])
                })
            }
            if !year.leftOut.isEmpty {
              row["leftOut"] = .array(
                year.leftOut.map {
                  JSONOutput.object([
                    "code": .string($0.code.digits), "name": .string($0.name),
                    "planCommunes": .int($0.planCommunes),
                  ])
                })
            }
            return .object(row)
          })
      }
      return .object(members)
    }
    var area: JSONOutput.Members = [
      "province": .string(plan.area.province.digits), "name": .string(plan.area.name),
      "asOf": .string(plan.area.asOf.iso), "planCommunes": .int(evaluation.planCommunes),
    ]
    area["district"] = plan.area.district.map { .string($0.digits) }
    var source: JSONOutput.Members = [
      "number": .string(plan.source.number), "date": .string(plan.source.date),
      "issuer": .string(plan.source.issuer), "document": .string(plan.source.document),
    ]
    source["note"] = plan.source.note.map { .string($0) }
    var members: JSONOutput.Members = [
      "plan": .string(plan.id), "name": .string(plan.name), "source": .object(source),
      "area": .object(area), "onMerge": .string(evaluation.policy.rawValue),
      "recognitionFrom": .string(evaluation.recognitionFromRegister ? "register" : "evidence"),
      "planFile": .string(file), "years": .array(evaluation.years.map { .int($0) }),
      "unverifiedIndicators": .int(evaluation.criteria.unverifiedCount),
      "targets": .array(targets),
    ]
    members["criteriaFile"] = evaluation.criteria.source?.jsonOutput
    return .object(members)
  }
}
