import YTXAFormats

/// How `ytxa units show` and `ytxa units list` present units: JSON (interfaces §5), text in
/// Vietnamese or English, and CSV.
public struct UnitReport: Sendable {
  public let registry: UnitRegistry
  public let language: Language

  public init(registry: UnitRegistry, language: Language = .vi) {
    self.registry = registry
    self.language = language
  }

  // MARK: JSON

  /// One unit as §5 shows it, with predecessors and successors; added: `change`, and where a
  /// date is not known, `startsWithin` / `endsWithin` (`{"after", "by"}`) or `recordedFrom`.
  package func json(_ index: Int) -> JSONOutput {
    let unit = registry.units[index]
    func link(_ link: UnitRegistry.Link) -> JSONOutput {
      linkJSON(registry.units[link.unit]).adding("share", .string(link.share.rawValue))
    }
    var object = linkJSON(unit)
    object = object.adding("type", .string(unit.type.rawValue))
    object = object.adding(
      "district",
      unit.district.map { .object(["code": .string($0.code.digits), "name": .string($0.name)]) }
        ?? .null)
    object = object.adding(
      "province",
      .object(["code": .string(unit.province.code.digits), "name": .string(unit.province.name)]))
    object = object.adding("predecessors", .array(unit.predecessors.map(link)))
    object = object.adding("successors", .array(unit.successors.map(link)))
    object = object.adding("change", .string(unit.change.rawValue))
    if !unit.predecessorsKnown { object = object.adding("predecessorsComplete", .bool(false)) }
    if !unit.note.isEmpty { object = object.adding("note", .string(unit.note)) }
    return object
  }

  /// Code, name and period, with the window or start of records where a date is unknown.
  private func linkJSON(_ unit: UnitRegistry.Unit) -> JSONOutput {
    func window(_ window: UnitRegistry.Window) -> JSONOutput {
      .object(["after": .string(window.after.iso), "by": .string(window.by.iso)])
    }
    var object: JSONOutput = .object([
      "code": .string(unit.code.digits), "name": .string(unit.name),
      "validFrom": .null, "validTo": .null,
    ])
    switch unit.start {
    case .beforeRecords: object = object.adding("recordedFrom", .string(registry.firstDay.iso))
    case .on(let day): object = object.adding("validFrom", .string(day.iso))
    case .within(let w): object = object.adding("startsWithin", window(w))
    }
    switch unit.end {
    case .open: break
    case .on(let day): object = object.adding("validTo", .string(day.iso))
    case .within(let w): object = object.adding("endsWithin", window(w))
    }
    return object
  }

  // MARK: Text

  /// A period in words: `01/07/2025 – nay`, with unknown days said so.
  public func period(_ unit: UnitRegistry.Unit) -> String {
    let l = language
    let from: String
    switch unit.start {
    case .beforeRecords:
      from = l.pick("trước ", "before ") + registry.firstDay.vietnamese
    case .on(let day): from = day.vietnamese
    case .within(let w):
      from =
        l.pick("khoảng ", "between ") + w.after.vietnamese + l.pick("–", " and ")
        + w.by.vietnamese + l.pick(" (không rõ ngày)", " (day unknown)")
    }
    let to: String
    switch unit.end {
    case .open: to = l.pick("nay", "now")
    case .on(let day): to = day.vietnamese
    case .within(let w):
      to =
        l.pick("khoảng ", "between ") + w.after.vietnamese + l.pick("–", " and ")
        + w.by.vietnamese + l.pick(" (không rõ ngày)", " (day unknown)")
    }
    return from + " – " + to
  }

  /// The type in words.
  public func typeName(_ type: CommuneType) -> String {
    language == .vi
      ? type.vietnameseName
      : ["xa": "commune", "phuong": "ward", "thi_tran": "township", "dac_khu": "special zone"][
        type.rawValue] ?? type.rawValue
  }

  /// How the unit began, in words.
  public func changeName(_ change: UnitRegistry.Change) -> String {
    switch change {
    case .none: language.pick("không ghi nhận thay đổi", "no recorded change")
    case .nominal: language.pick("danh nghĩa (cùng địa giới)", "nominal (same territory)")
    case .territorial:
      language.pick("địa giới (sáp nhập, chia tách)", "territorial (merger, split)")
    case .unknown: language.pick("không rõ (dữ liệu không nói)", "unknown (the data does not say)")
    }
  }

  /// One unit in full.
  public func text(_ index: Int) -> String {
    let l = language
    let unit = registry.units[index]
    func links(_ links: [UnitRegistry.Link]) -> String {
      links.isEmpty
        ? "—"
        : links.map { link in
          let other = registry.units[link.unit]
          return "\(other.code) \(other.name) (\(period(other)); "
            + (link.share == .whole ? l.pick("toàn bộ", "whole") : l.pick("một phần", "part")) + ")"
        }.joined(separator: "\n    ")
    }
    var lines = ["\(unit.code) \(unit.name) (\(typeName(unit.type)))"]
    lines.append(l.pick("  Hiệu lực: ", "  In force: ") + period(unit))
    lines.append(
      l.pick("  Tỉnh: ", "  Province: ") + "\(unit.province.code) \(unit.province.name)")
    lines.append(
      l.pick("  Huyện: ", "  District: ")
        + (unit.district.map { "\($0.code) \($0.name)" }
          ?? l.pick("không có (không còn cấp huyện)", "none (no district level)")))
    lines.append(l.pick("  Thay đổi: ", "  Change: ") + changeName(unit.change))
    lines.append(l.pick("  Hình thành từ: ", "  Formed from: ") + links(unit.predecessors))
    if !unit.predecessorsKnown {
      lines.append(
        l.pick(
          "    (có thể chưa đầy đủ: dữ liệu không ghi các đơn vị khác đã nhập vào)",
          "    (may be incomplete: the data does not list what else it took in)"))
    }
    if !unit.note.isEmpty { lines.append(l.pick("  Ghi chú: ", "  Note: ") + unit.note) }
    let successors =
      unit.successors.isEmpty && unit.certainLastDay != nil
      ? l.pick("không rõ (dữ liệu không ghi)", "not known (the data does not say)")
      : links(unit.successors)
    lines.append(l.pick("  Trở thành: ", "  Became: ") + successors)
    return lines.joined(separator: "\n") + "\n"
  }

  /// A list of units, one line each.
  public func listText(_ indices: [Int], title: String) -> String {
    var lines = [title]
    for index in indices {
      let unit = registry.units[index]
      lines.append(
        "\(unit.code)  \(unit.name.padded(to: 28)) \(typeName(unit.type).padded(to: 10)) "
          + (unit.district.map { "\($0.code) \($0.name)" } ?? "—"))
    }
    lines.append(language.pick("\(indices.count) đơn vị.", "\(indices.count) units."))
    return lines.joined(separator: "\n") + "\n"
  }

  // MARK: CSV

  /// `ytxa units list --format csv`: one row per unit.
  public func csv(_ indices: [Int]) -> String {
    var writer = CSVWriter()
    writer.row([
      "code", "name", "type", "valid_from", "valid_to", "district_code", "district_name",
      "province_code", "province_name", "change", "predecessors",
    ])
    for index in indices {
      let unit = registry.units[index]
      let predecessors = unit.predecessors.map {
        "\(registry.units[$0.unit].code):\($0.share.rawValue)"
      }
      writer.row([
        unit.code.digits, unit.name, unit.type.rawValue,
        unit.validFrom.map(\.iso) ?? "", unit.validTo.map(\.iso) ?? "",
        unit.district?.code.digits ?? "", unit.district?.name ?? "", unit.province.code.digits,
        unit.province.name, unit.change.rawValue,
        (predecessors + (unit.predecessorsKnown ? [] : ["?"])).joined(separator: " "),
      ])
    }
    return writer.output
  }
}
