import Foundation
import YTXAFormats
import YTXAKit

/// `ytxa template [--format csv|xlsx|json] [--province P | --commune CODE] [--on DATE]
/// [--year Y] [--headers both|keys]`.
enum TemplateCommand {
  static let spec = CommandSpec(
    name: "template",
    summary: "Print an evidence template: a table to fill in (CSV or an .xlsx workbook: an "
      + "example row, one row per unit of a province, or one commune), or one commune's JSON file.",
    summaryVi: "In mẫu nhập minh chứng: một bảng để điền (CSV hoặc tệp .xlsx: một dòng "
      + "mẫu, mỗi đơn vị của một tỉnh một dòng, hoặc một xã), hoặc tệp JSON của " + "một xã.",
    options: [
      .init(
        "--format", value: "FORMAT", allowed: ["csv", "xlsx", "json"],
        help: "csv (the default), xlsx (redirect it: > file.xlsx) or json (needs --commune).",
        vi: "csv (mặc định), xlsx (chuyển vào tệp: > tep.xlsx) hoặc json (cần " + "--commune)."),
      .init(
        "--commune", value: "CODE", help: "One commune: its row, or its JSON file.",
        vi: "Một xã: dòng của xã đó, hoặc tệp JSON của xã."),
      .init(
        "--province", value: "CODE", help: "One row per unit in force in the province.",
        vi: "Mỗi đơn vị đang có hiệu lực của tỉnh một dòng."),
      .init(
        "--on", value: "DATE", help: "The assessment date, YYYY-MM-DD (default: today).",
        vi: "Ngày đánh giá, YYYY-MM-DD (mặc định hôm nay)."),
      .init(
        "--year", value: "Y", help: "The assessment year (default: the date's year).",
        vi: "Năm đánh giá (mặc định: năm của ngày)."),
      .init(
        "--previous", value: "PATH",
        help: "Earlier evidence (a folder, .csv or .xlsx): each unit's vùng is prefilled from it.",
        vi: "Số liệu năm trước (thư mục, .csv hoặc .xlsx): điền sẵn vùng của từng " + "đơn vị."),
      HeadersOption.option(for: "csv, xlsx"),
      .init(
        "--criteria", value: "PATH", help: "Criteria file (default: the bundled set).",
        vi: "Tệp bộ tiêu chí (mặc định: bộ kèm theo)."),
      .init(
        "--units", value: "PATH", help: "Another registry file (default: the bundled one).",
        vi: "Tệp danh mục đơn vị khác (mặc định: danh mục kèm theo)."),
      .init(
        "--lang", value: "LANG", allowed: ["vi", "en"],
        help: "Language of the column names, the guide and the messages (default vi).",
        vi: "Ngôn ngữ của tên cột, trang hướng dẫn và thông báo (mặc định vi)."),
    ],
    discussion: """
      A table's first row names the columns for people (in --lang), its second row holds the
      keys ytxa reads: year, assessed_on, criteria_set, commune_code, commune_name, commune_type,
      zone, region, district_code, district_name, province_code, province_name, then per
      indicator N (or N_num and N_den for ratios) and N_docs. Checklist items are separated by
      ';', documents by '|'; an empty cell is missing evidence; KAD (or 'KAD: reason') is not
      applicable. With --province (or --commune), the commune columns are filled from the
      registry, the region from the province the unit lay in (the set's regions), and with
      --previous the vùng from the unit's latest earlier evidence; check both. The .xlsx template formats code
      columns as text, offers the allowed values in lists, prompts what each cell takes, and
      explains every column on a second sheet.
      The JSON template has every indicator as null (missing until filled); a guide to what
      each indicator takes goes to stderr, so that '> file.json' keeps the file clean.
      """,
    discussionVi: """
      Dòng đầu của bảng là tên cột cho người đọc (theo --lang), dòng thứ hai là các khóa ytxa
      đọc: year, assessed_on, criteria_set, commune_code, commune_name, commune_type, zone, region,
      district_code, district_name, province_code, province_name, rồi mỗi chỉ tiêu N (hoặc N_num
      và N_den với chỉ tiêu tỷ lệ) và N_docs. Các mục của danh sách cách nhau bởi ';', các văn bản
      bởi '|'; ô trống là thiếu minh chứng; KAD (hoặc 'KAD: lý do') là không áp dụng. Với
      --province (hoặc --commune), các cột của xã được điền từ danh mục đơn vị, vùng kinh tế - xã
      hội theo tỉnh của đơn vị, và với --previous là vùng theo số liệu năm trước; hãy kiểm tra.
      Mẫu .xlsx để các cột mã ở dạng văn bản, có danh sách chọn, gợi ý cho từng ô và trang hướng
      dẫn giải thích từng cột.
      Mẫu JSON ghi mọi chỉ tiêu là null (thiếu cho đến khi điền); hướng dẫn điền in ra stderr, để
      '> tep.json' chỉ chứa tệp.
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
    let headers = HeadersOption.value(parsed)
    if format == "xlsx", !console.mayWriteBinary(format, language) { return ExitCode.usage }
    if parsed["--province"] != nil, parsed["--commune"] != nil {
      console.error(
        "chọn --province hoặc --commune, không cả hai.", "give --province or --commune, not both.",
        language)
      return ExitCode.usage
    }
    if format == "json", parsed["--commune"] == nil {
      console.error(
        "--format json cần --commune MÃ_XÃ.", "--format json needs --commune CODE.", language)
      return ExitCode.usage
    }
    var units: [UnitRegistry.Unit]?
    var prefill = BatchCSV.Prefill()
    var year = 2026
    var assessedOn: Day?
    if parsed["--province"] != nil || parsed["--commune"] != nil {
      guard let (registry, day, placeYear) = place(parsed, console: console) else {
        return ExitCode.usage
      }
      let found: [Int]?
      if let text = parsed["--province"] {
        guard let province: ProvinceCode = console.code(text, option: "--province", language)
        else { return ExitCode.usage }
        found = provinceUnits(province, registry: registry, on: day, language, console)
      } else {
        guard
          let commune: CommuneCode = console.code(
            parsed["--commune"] ?? "", option: "--commune", language)
        else { return ExitCode.usage }
        found = communeUnit(commune, registry: registry, on: day, language, console)
      }
      // A province or commune with no unit in force that day is a usage error (exit 2, as the
      // exit codes' table says), not a commune that fails.
      guard let found else { return ExitCode.usage }
      (units, year, assessedOn) = (
        found.map { registry.units[$0] }, placeYear, parsed["--on"].map { _ in day }
      )
      // The region follows from where the unit lay (the set's regions by province); the vùng
      // from the previous evidence of the same unit (`--previous`).
      for index in found {
        prefill.regions[registry.units[index].code.digits] = set.region(ofUnit: index, in: registry)
      }
      if let previous = parsed["--previous"] {
        guard let zones = previousZones(previous, parsed: parsed, language, console) else {
          return ExitCode.usage
        }
        prefill.zones = zones
      }
    }
    switch format {
    case "json":
      guard let unit = units?.first else { return ExitCode.usage }
      let template = EvidenceTemplate(criteria: set, language: language)
      console.out(
        template.json(unit: unit, year: year, assessedOn: assessedOn, prefill: prefill))
      console.err(template.guide())
    case "xlsx":
      console.outBytes(
        BatchCSV.templateWorkbook(
          set, units: units, prefill: prefill, year: year, assessedOn: assessedOn,
          language: language, headers: headers))
    default:
      console.out(
        BatchCSV.templateTable(
          set, units: units, prefill: prefill, year: year, assessedOn: assessedOn,
          language: language
        ).csv(headers: headers))
    }
    return ExitCode.success
  }

  /// The units in force in a province on a day, or `nil` after saying why there are none.
  private static func provinceUnits(
    _ province: ProvinceCode, registry: UnitRegistry, on day: Day, _ language: Language,
    _ console: Console
  ) -> [Int]? {
    let units = registry.units(inForceOn: day, province: province)
    guard !units.isEmpty else {
      console.error(
        "tỉnh \(province) không có đơn vị nào có hiệu lực ngày \(day.vietnamese).",
        "no unit of province \(province) is in force on \(day.iso).", language)
      return nil
    }
    return units
  }

  /// The one unit a commune code names on a day, or `nil` after saying why there is none.
  private static func communeUnit(
    _ commune: CommuneCode, registry: UnitRegistry, on day: Day, _ language: Language,
    _ console: Console
  ) -> [Int]? {
    switch registry.lookup(commune, on: day) {
    case .unit(let found): return [found]
    case .uncertain(let candidates): return candidates.last.map { [$0] }
    case .none:
      console.error(UnitResolver(registry: registry).noUnit(commune, on: day), language)
      return nil
    }
  }

  /// The vùng of each commune in the evidence under `path` (a folder, a .csv or .xlsx file), by
  /// commune code, from its latest year; `nil` after saying why the path cannot be read. Files
  /// that cannot be read are said and passed over.
  private static func previousZones(
    _ path: String, parsed: ParsedArguments, _ language: Language, _ console: Console
  ) -> [String: Int]? {
    let resolver: CriteriaResolver
    do {
      resolver = try CriteriaResolver(path: parsed["--criteria"], units: nil)
    } catch {
      console.error(Message(describing: error), language)
      return nil
    }
    let (sources, problems, tableErrors, _) = expandEvidencePaths(
      [path], criteria: try? resolver.defaultSet())
    guard !sources.isEmpty || !tableErrors.isEmpty || !problems.isEmpty else {
      console.error(
        "--previous: không có tệp số liệu nào trong \(OSName.display(path)).",
        "--previous: no evidence under \(OSName.display(path)).", language)
      return nil
    }
    var zones: [String: (year: Int, zone: Int)] = [:]
    var unread = 0
    for source in sources {
      switch ScoreCommand.load(source, resolver: resolver) {
      case .success(let (evidence, _)):
        let code = evidence.commune.code.digits
        if zones[code].map({ $0.year <= evidence.year }) ?? true {
          zones[code] = (evidence.year, evidence.commune.zone)
        }
      case .failure: unread += 1
      }
    }
    unread += problems.count + tableErrors.count
    if unread > 0 {
      console.err(
        language.pick(
          "--previous: \(unread) tệp/dòng không đọc được, vùng của chúng không được điền sẵn.\n",
          "--previous: \(unread) files or rows could not be read; their vùng is not prefilled.\n"))
    }
    return zones.mapValues(\.zone)
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
