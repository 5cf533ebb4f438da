import YTXAFormats

extension RoadmapReport {
  /// The units a unit's history runs through (interfaces §6, `--commune`): every unit it was
  /// formed from, back to the registry's first day, itself, and every unit it went into, in
  /// order of their first day.
  public func lineage(of unit: Int) -> [Int] {
    guard let registry = progress.recognition?.registry else { return [unit] }
    var found: Set<Int> = [unit]
    var pending = [unit]
    while let next = pending.popLast() {
      for link in registry.units[next].predecessors where found.insert(link.unit).inserted {
        pending.append(link.unit)
      }
    }
    pending = [unit]
    while let next = pending.popLast() {
      for link in registry.units[next].successors where found.insert(link.unit).inserted {
        pending.append(link.unit)
      }
    }
    return found.sorted { lhs, rhs in
      let a = registry.units[lhs].certainFirstDay ?? registry.firstDay
      let b = registry.units[rhs].certainFirstDay ?? registry.firstDay
      return a != b ? a < b : registry.units[lhs].code < registry.units[rhs].code
    }
  }

  /// What the merge policy did at a unit's start, in words (`nil` when it did nothing).
  private func policyEffect(_ index: Int) -> String? {
    guard let recognition = progress.recognition else { return nil }
    let l = language
    let unit = recognition.registry.units[index]
    guard let first = unit.certainFirstDay else { return nil }
    let start = recognition.period(index, on: first)
    switch (unit.change, start?.cause) {
    case (.nominal, .carried?):
      return l.pick(
        "đổi tên/loại, giữ nguyên công nhận", "renamed or re-typed: recognition carried on")
    case (.territorial, .inherited?):
      return l.pick(
        "thừa hưởng công nhận (inherit): mọi đơn vị hợp thành đều đang được công nhận",
        "recognition inherited (inherit): every unit it was formed from was recognised")
    case (.territorial, _) where recognition.policy == .inherit:
      let eve = first.adding(days: -1)
      let missing = unit.predecessors.filter { !recognition.isRecognised($0.unit, on: eve) }
      guard !missing.isEmpty else { return nil }
      let names = missing.map { recognition.registry.units[$0.unit].code.digits }
      return l.pick(
        "không thừa hưởng (inherit): chưa được công nhận ngày \(eve.vietnamese): ",
        "nothing inherited (inherit): not recognised on \(eve.iso): ")
        + names.joined(separator: ", ")
    case (.territorial, _):
      return l.pick(
        "bắt đầu chưa được công nhận (reassess): cần tự đạt chuẩn qua đánh giá",
        "starts not recognised (reassess): must pass an assessment of its own")
    default:
      return nil
    }
  }

  /// A unit's history with its recognition, as text.
  public func lineageText(of unit: Int) -> String {
    guard let recognition = progress.recognition else { return "" }
    let l = language
    let registry = recognition.registry
    let names = UnitReport(registry: registry, language: l)
    let record = registry.units[unit]
    var lines = [
      l.pick("LỊCH SỬ ĐƠN VỊ VÀ CÔNG NHẬN: ", "UNIT HISTORY AND RECOGNITION: ")
        + "\(record.code) \(record.name) (\(names.period(record)))",
      recognition.policy.sentence(l), "",
    ]
    for index in lineage(of: unit) {
      let item = registry.units[index]
      var head = (index == unit ? "▶ " : "  ") + "\(item.code) \(item.name) (\(names.period(item)))"
      if !item.predecessors.isEmpty {
        head +=
          l.pick(" — hình thành từ ", " — formed from ")
          + item.predecessors.map { registry.units[$0.unit].code.digits }.joined(separator: ", ")
      }
      lines.append(head)
      if let effect = policyEffect(index) { lines.append("    " + effect) }
      for assessment in recognition.assessments[index] ?? [] {
        lines.append(
          "    " + l.pick("đánh giá ", "assessed ") + assessment.day.vietnamese + ": "
            + "\(l.format(assessment.total))/\(l.format(assessment.maximum)) "
            + Phrasebook(l).shortVerdict(passed: assessment.passed))
      }
      for period in recognition.periods[index] ?? [] {
        lines.append(
          "    " + l.pick("được công nhận ", "recognised ") + period.from.vietnamese + " – "
            + period.through.vietnamese)
      }
      if recognition.periods[index] == nil {
        lines.append("    " + l.pick("không được công nhận", "not recognised"))
      }
    }
    lines.append("")
    lines.append(
      l.pick(
        "Quy tắc: công nhận thuộc về một đơn vị (mã và thời kỳ); đạt chuẩn có hiệu lực từ ngày đánh "
          + "giá đến 31/12 của năm thứ hai sau đó; đánh giá không đạt thì thu hồi từ ngày đó; đơn "
          + "vị chấm dứt thì công nhận chấm dứt theo.",
        "Rule: recognition belongs to a unit (a code and a period); a pass holds from its "
          + "assessment day to 31 December two years later; a failed assessment withdraws it from "
          + "that day; a unit that ends loses it."))
    return lines.joined(separator: "\n") + "\n"
  }

  /// A unit's history with its recognition, as JSON: `unit`, `onMerge` and `lineage[]`, each
  /// unit with its period, change, predecessors, the policy's effect, assessments and
  /// recognition periods.
  package func lineageJSON(of unit: Int) -> JSONOutput {
    guard let recognition = progress.recognition else { return .null }
    let registry = recognition.registry
    func day(_ value: Day?) -> JSONOutput { value.map { .string($0.iso) } ?? .null }
    return .object([
      "unit": .string(registry.units[unit].code.digits),
      "validFrom": day(registry.units[unit].validFrom),
      "onMerge": .string(recognition.policy.rawValue),
      "lineage": .array(
        lineage(of: unit).map { index in
          let item = registry.units[index]
          return .object([
            "code": .string(item.code.digits), "name": .string(item.name),
            "validFrom": day(item.validFrom), "validTo": day(item.validTo),
            "change": .string(item.change.rawValue),
            "formedFrom": .array(
              item.predecessors.map { .string(registry.units[$0.unit].code.digits) }),
            "policyEffect": policyEffect(index).map { .string($0) } ?? .null,
            "assessments": .array(
              (recognition.assessments[index] ?? []).map { assessment in
                .object([
                  "day": .string(assessment.day.iso), "passed": .bool(assessment.passed),
                  "total": .points(assessment.total), "max": .points(assessment.maximum),
                  "file": .string(assessment.file),
                ])
              }),
            "recognised": .array(
              (recognition.periods[index] ?? []).map { period in
                .object(["from": .string(period.from.iso), "through": .string(period.through.iso)])
              }),
          ])
        }),
    ])
  }
}
