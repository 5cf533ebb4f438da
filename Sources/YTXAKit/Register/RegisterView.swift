import YTXAFormats

/// What `ytxa register show` prints: who is recognised on a day and by which decision (through a
/// nominal change or an inheritance, the decision that began it), and one unit's recognition
/// through its changes.
package struct RegisterView: Sendable {
  /// A unit recognised in a period, and the decision behind it.
  package struct Row: Sendable {
    package var unit: Int
    package var period: UnitRecognition.Period
    package var decision: RegisterDecision?
  }

  package let recognition: UnitRecognition
  package let language: Language

  package init(recognition: UnitRecognition, language: Language) {
    self.recognition = recognition
    self.language = language
  }

  /// Every unit recognised on `day`, by code.
  package func recognised(on day: Day) -> [Row] {
    recognition.periods.keys.sorted {
      let a = recognition.registry.units[$0].code.digits
      let b = recognition.registry.units[$1].code.digits
      return a != b ? a < b : $0 < $1
    }.compactMap { unit in
      recognition.period(unit, on: day).map {
        Row(unit: unit, period: $0, decision: recognition.decision(behind: $0, unit: unit))
      }
    }
  }

  /// The periods of every unit that had `code`, and of the units before and after them.
  package func lineage(of code: CommuneCode) -> [Row] {
    let registry = recognition.registry
    // The units before it (predecessors, transitively) and after it (successors), not the
    // other branches of a merger.
    let start = Array(registry.indices(withCode: code))
    var seen = Set(start)
    for forward in [false, true] {
      var pending = start
      while let next = pending.popLast() {
        let unit = registry.units[next]
        for link in (forward ? unit.successors : unit.predecessors).map(\.unit)
        where seen.insert(link).inserted {
          pending.append(link)
        }
      }
    }
    return seen.sorted {
      let a = registry.units[$0].validFrom ?? registry.firstDay
      let b = registry.units[$1].validFrom ?? registry.firstDay
      return a != b ? a < b : $0 < $1
    }.flatMap { unit in
      (recognition.periods[unit] ?? []).map {
        Row(unit: unit, period: $0, decision: recognition.decision(behind: $0, unit: unit))
      }
    }
  }

  /// How a period came about, in words.
  package func cause(_ row: Row) -> String {
    let units = recognition.registry.units
    switch row.period.cause {
    case .decided(let decision):
      return language.pick(
        "quyết định \(decision.decision) (\(decision.kind.vietnamese)) ký \(decision.signedOn.vietnamese)",
        "decision \(decision.decision) (\(decision.kind.rawValue)) signed \(decision.signedOn.iso)")
    case .carried(let source):
      return language.pick(
        "giữ nguyên từ \(units[source].code) \(units[source].name) (đổi tên, loại hoặc cấp trên)",
        "carried from \(units[source].code) \(units[source].name) (renamed or re-attached)")
    case .inherited(let sources):
      let names = sources.map { "\(units[$0].code) \(units[$0].name)" }.joined(separator: ", ")
      return language.pick(
        "kế thừa từ " + names + " (--on-merge inherit)",
        "inherited from " + names + " (--on-merge inherit)")
    case .passed(let assessment):
      return language.pick("đạt khi đánh giá (\(assessment.file))", "passed (\(assessment.file))")
    }
  }

  /// Which rule gave the last day.
  package func rule(_ row: Row) -> String { row.decision?.validToRule ?? "recognitionYears" }

  /// `07228 Phường Đa Mai: đến 31/12/2027 — quyết định 1234/QĐ-UBND (công nhận) ký 15/01/2025`.
  package func line(_ row: Row) -> String {
    let unit = recognition.registry.units[row.unit]
    let until =
      rule(row) == "stated"
      ? language.pick(
        "đến \(row.period.through.vietnamese) (ghi trong quyết định)",
        "through \(row.period.through.iso) (stated in the decision)")
      : language.pick(
        "đến \(row.period.through.vietnamese) (theo số năm công nhận)",
        "through \(row.period.through.iso) (by recognitionYears)")
    return "\(unit.code) \(unit.name): " + until + " — " + cause(row)
  }

  /// `07339 Xã Tân Yên: 01/07/2025 – 31/12/2026 — kế thừa từ …`: a period of one unit.
  package func periodLine(_ row: Row) -> String {
    let unit = recognition.registry.units[row.unit]
    return "\(unit.code) \(unit.name): "
      + language.pick(
        "\(row.period.from.vietnamese) – \(row.period.through.vietnamese)",
        "\(row.period.from.iso) – \(row.period.through.iso)") + " — " + cause(row)
  }

  /// The spec's object: `{"commune", "decision", "signedOn", "validTo", "validToRule"}`.
  package func json(_ row: Row) -> JSONOutput {
    let unit = recognition.registry.units[row.unit]
    return .object([
      "commune": .object(["code": .string(unit.code.digits), "name": .string(unit.name)]),
      "decision": row.decision.map { .string($0.decision) } ?? .null,
      "signedOn": row.decision.map { .string($0.signedOn.iso) } ?? .null,
      "validTo": .string(row.period.through.iso), "validToRule": .string(rule(row)),
      "from": .string(row.period.from.iso), "cause": .string(cause(row)),
    ])
  }

  /// The rows as a table (CSV): each unit's period and what it rests on.
  package func table(_ rows: [Row]) -> Table {
    var table = Table(
      header: [
        "commune_code", "commune_name", "from", "validTo", "validToRule", "decision",
        "signedOn", "cause",
      ],
      labels: [
        language.pick("Mã xã", "Code"), language.pick("Tên xã", "Name"),
        language.pick("Từ ngày", "From"), language.pick("Đến ngày", "Through"),
        language.pick("Căn cứ ngày hết hạn", "Last day by"),
        language.pick("Số quyết định", "Decision"), language.pick("Ngày ký", "Signed on"),
        language.pick("Căn cứ", "Cause"),
      ])
    for row in rows {
      let unit = recognition.registry.units[row.unit]
      table.rows.append([
        .text(unit.code.digits), .text(unit.name), .text(row.period.from.iso),
        .text(row.period.through.iso), .text(rule(row)), .text(row.decision?.decision ?? ""),
        .text(row.decision?.signedOn.iso ?? ""), .text(cause(row)),
      ])
    }
    return table
  }
}
