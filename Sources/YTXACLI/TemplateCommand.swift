import Foundation
import YTXAKit

/// `ytxa template --format csv [--province P] [--on DATE] [--year Y]` and
/// `ytxa template --format json --commune CODE [--on DATE] [--year Y]`.
enum TemplateCommand {
  static let spec = CommandSpec(
    name: "template",
    summary: "Print an evidence template: CSV (an example row, or one row per unit of a "
      + "province), or the JSON file of one commune.",
    options: [
      .init(
        "--format", value: "FORMAT", allowed: ["csv", "json"],
        help: "csv (the default) or json (needs --commune)."),
      .init("--commune", value: "CODE", help: "The commune of a JSON template."),
      .init("--province", value: "CODE", help: "CSV: one row per unit in force in the province."),
      .init("--on", value: "DATE", help: "The assessment date, YYYY-MM-DD (default: today)."),
      .init("--year", value: "Y", help: "The assessment year (default: the date's year)."),
      .init("--criteria", value: "PATH", help: "Criteria file (default: the bundled set)."),
      .init("--units", value: "PATH", help: "Another registry file (default: the bundled one)."),
      .init(
        "--lang", value: "LANG", allowed: ["vi", "en"],
        help: "Language of the guide and the messages (default vi)."),
    ],
    discussion: """
      Columns: year, assessed_on, criteria_set, commune_code, commune_name, commune_type, zone,
      region, district_code, district_name, province_code, province_name, then per indicator N
      (or N_num and N_den for ratios) and N_docs. Checklist items are separated by ';', documents
      by '|'; an empty cell is missing evidence; KAD (or 'KAD: reason') is not applicable.
      With --province, the commune columns of every unit in force on the date are filled from
      the registry; vùng and region are the department's to fill.
      The JSON template has every indicator as null (missing until filled); a guide to what
      each indicator takes goes to stderr, so that '> file.json' keeps the file clean.
      """)

  static func run(_ arguments: [String], console: Console) -> Int32 {
    let (parsed, code) = YTXACommand.parse(spec, arguments, console: console)
    guard let parsed else { return code }
    let language = parsed.language
    let set: CriteriaSet
    do {
      set = try CriteriaResolver(path: parsed["--criteria"]).defaultSet()
    } catch {
      console.error(Message(describing: error), language)
      return ExitCode.usage
    }
    let format = parsed["--format"] ?? "csv"
    guard format == "json" || parsed["--province"] != nil else {
      console.out(BatchCSV.template(set, language: language))
      return ExitCode.success
    }
    guard let (registry, day, year) = place(parsed, console: console) else {
      return ExitCode.usage
    }
    if format == "csv" {
      guard
        let province: ProvinceCode = console.code(
          parsed["--province"] ?? "", option: "--province", language)
      else { return ExitCode.usage }
      let units = registry.units(inForceOn: day, province: province).map { registry.units[$0] }
      guard !units.isEmpty else {
        console.error(
          "tỉnh \(province) không có đơn vị nào có hiệu lực ngày \(day.vietnamese).",
          "no unit of province \(province) is in force on \(day.iso).", language)
        return ExitCode.failure
      }
      console.out(
        BatchCSV.template(
          set, units: units, year: year, assessedOn: parsed["--on"].map { _ in day }))
      return ExitCode.success
    }
    guard let text = parsed["--commune"] else {
      console.error(
        "--format json cần --commune MÃ_XÃ.", "--format json needs --commune CODE.", language)
      return ExitCode.usage
    }
    guard let commune: CommuneCode = console.code(text, option: "--commune", language) else {
      return ExitCode.usage
    }
    let resolver = UnitResolver(registry: registry)
    let index: Int
    switch registry.lookup(commune, on: day) {
    case .unit(let found): index = found
    case .uncertain(let candidates): index = candidates.last!
    case .none:
      console.error(resolver.noUnit(commune, on: day), language)
      return ExitCode.failure
    }
    let template = EvidenceTemplate(criteria: set, language: language)
    console.out(
      template.json(
        unit: registry.units[index], year: year, assessedOn: parsed["--on"].map { _ in day }))
    console.err(template.guide())
    return ExitCode.success
  }

  /// The registry, the day (`--on`, or today; with only `--year`, 31 December of it) and the
  /// year, or `nil` after saying what is wrong.
  static func place(_ parsed: ParsedArguments, console: Console) -> (UnitRegistry, Day, Int)? {
    var year: Int?
    if let text = parsed["--year"] {
      guard let value = Int(text), Evidence.years.contains(value) else {
        console.error(
          "--year: năm từ 2000 đến 2100, gặp \"\(text)\".",
          "--year: a year from 2000 to 2100, found \"\(text)\".", parsed.language)
        return nil
      }
      year = value
    }
    guard let (registry, on) = UnitsCommand.setting(parsed, console: console) else { return nil }
    if let on, let year, year != on.year {
      console.error(
        "--on \(on.iso) không thuộc --year \(year).", "--on \(on.iso) is not in --year \(year).",
        parsed.language)
      return nil
    }
    let day = on ?? year.map(Day.endOfYear) ?? UnitsOption.today()
    return (registry, day, year ?? day.year)
  }
}
