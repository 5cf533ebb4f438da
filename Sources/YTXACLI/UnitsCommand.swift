import Foundation
import Synchronization
import YTXAFormats
import YTXAKit

/// `ytxa units show CODE [--on DATE]` and `ytxa units list --province P [--district D]
/// [--on DATE]`: the registry of administrative units (interfaces §5).
enum UnitsCommand {
  static let common: [CommandSpec.Option] = [
    .init(
      "--on", value: "DATE", help: "The day, YYYY-MM-DD (default: today).",
      vi: "Ngày, YYYY-MM-DD (mặc định: hôm nay)."),
    .init(
      "--units", value: "PATH", help: "Another registry file (default: the bundled one).",
      vi: "Tệp danh mục đơn vị khác (mặc định: danh mục kèm theo)."),
    .init(
      "--lang", value: "LANG", allowed: ["vi", "en"], help: "Language (default vi).",
      vi: "Ngôn ngữ (mặc định vi)."),
  ]

  static let showSpec = CommandSpec(
    name: "units show",
    summary: "Show the unit a commune code names: period, district, province, predecessors and "
      + "successors.",
    summaryVi: "Cho biết đơn vị mà một mã xã chỉ: thời gian hiệu lực, huyện, tỉnh, đơn "
      + "vị trước và sau.",
    positionals: "CODE", minimumPositionals: 1, maximumPositionals: 1,
    options: [
      .init(
        "--format", value: "FORMAT", allowed: ["text", "json"], help: "text (default), json.",
        vi: "text (mặc định), json.")
    ] + common,
    discussion: """
      With --on, the unit in force that day; without, every unit that ever had the code (a code
      can name different units in different periods). Exit 0 found, 1 no unit that day, 2 bad
      usage or an unreadable registry.
      """,
    discussionVi: """
      Với --on: đơn vị có hiệu lực ngày đó; không có --on: mọi đơn vị từng mang mã này (một mã có
      thể chỉ các đơn vị khác nhau ở các thời kỳ khác nhau). Mã thoát: 0 tìm thấy, 1 không có đơn vị
      nào ngày đó, 2 dùng sai lệnh hoặc không đọc được danh mục.
      """)

  static let listSpec = CommandSpec(
    name: "units list",
    summary: "List the units in force on a day in a province (and district).",
    summaryVi: "Liệt kê các đơn vị có hiệu lực vào một ngày của một tỉnh (và huyện).",
    options: [
      .init(
        "--province", value: "CODE", help: "Province code (2 digits), required.",
        vi: "Mã tỉnh (2 chữ số), bắt buộc."),
      .init(
        "--district", value: "CODE", help: "District code (3 digits; before 2025-07-01).",
        vi: "Mã huyện (3 chữ số; trước 01/07/2025)."),
      .init(
        "--format", value: "FORMAT", allowed: ["text", "json", "csv"],
        help: "text (default), json, csv.", vi: "text (mặc định), json, csv."),
    ] + common,
    discussion: "Units certainly in force on the day; a day inside a window of unknown date "
      + "lists neither the old nor the new units of a change made in it.",
    discussionVi: "Các đơn vị chắc chắn có hiệu lực vào ngày đó; một ngày nằm trong "
      + "khoảng thay đổi chưa rõ ngày không liệt kê đơn vị cũ lẫn đơn vị mới " + "của thay đổi đó.")

  static func run(_ arguments: [String], console: Console) -> Int32 {
    let sub = arguments.first
    let rest = Array(arguments.dropFirst())
    switch sub {
    case "show": return show(rest, console: console)
    case "list": return list(rest, console: console)
    case "--help", "-h", nil:
      console.out(
        UsageError.language(of: arguments).pick(
          "TỔNG QUAN: Danh mục đơn vị hành chính qua thời gian.\n\n"
            + "CÁCH DÙNG: ytxa units show CODE [--on DATE]\n"
            + "           ytxa units list --province CODE [--district CODE] [--on DATE]\n\n"
            + "Xem chi tiết: 'ytxa units show --help'.\n",
          "OVERVIEW: The registry of administrative units over time.\n\n"
            + "USAGE: ytxa units show CODE [--on DATE]\n"
            + "       ytxa units list --province CODE [--district CODE] [--on DATE]\n\n"
            + "Run 'ytxa units show --help' for details.\n"))
      return sub == nil ? ExitCode.usage : ExitCode.success
    case let other?:
      console.err(
        UsageError.unknownSubcommand(other, among: ["show", "list"], of: "units")
          .text(UsageError.language(of: arguments)) + "\n")
      return ExitCode.usage
    }
  }

  /// The registry and the day the options name, or the exit code after saying why not.
  static func setting(_ parsed: ParsedArguments, console: Console) -> (UnitRegistry, Day?)? {
    var day: Day?
    if let text = parsed["--on"] {
      guard let read = console.day(text, option: "--on", parsed.language) else { return nil }
      day = read
    }
    switch UnitsOption.registry(path: parsed["--units"]) {
    case .success(let registry): return (registry, day)
    case .failure(let error):
      console.error(Message(describing: error), parsed.language)
      return nil
    }
  }

  static func show(_ arguments: [String], console: Console) -> Int32 {
    let (parsed, code) = YTXACommand.parse(showSpec, arguments, console: console)
    guard let parsed else { return code }
    guard let (registry, day) = setting(parsed, console: console) else { return ExitCode.usage }
    let language = parsed.language
    let report = UnitReport(registry: registry, language: language)
    guard let wanted: CommuneCode = console.code(parsed.positionals[0], option: nil, language)
    else { return ExitCode.usage }
    var indices = Array(registry.indices(withCode: wanted))
    if indices.isEmpty {
      console.error(UnitResolver(registry: registry).unknownCode(wanted) + ".", language)
      return ExitCode.failure
    }
    if let day {
      switch registry.lookup(wanted, on: day) {
      case .unit(let index): indices = [index]
      case .uncertain(let candidates): indices = candidates
      case .none:
        console.error(UnitResolver(registry: registry).noUnit(wanted, on: day), language)
        return ExitCode.failure
      }
    }
    if parsed["--format"] == "json" {
      let json = indices.count == 1 ? report.json(indices[0]) : .array(indices.map(report.json))
      console.out(json.pretty() + "\n")
    } else {
      console.text(indices.map(report.text).joined(separator: "\n"))
    }
    return ExitCode.success
  }

  static func list(_ arguments: [String], console: Console) -> Int32 {
    let (parsed, code) = YTXACommand.parse(listSpec, arguments, console: console)
    guard let parsed else { return code }
    guard let (registry, chosen) = setting(parsed, console: console) else {
      return ExitCode.usage
    }
    guard let provinceText = parsed["--province"] else {
      console.err(
        UsageError.missingOption("--province CODE", of: "units list").text(parsed.language) + "\n")
      return ExitCode.usage
    }
    guard
      let province: ProvinceCode = console.code(
        provinceText, option: "--province", parsed.language)
    else { return ExitCode.usage }
    var district: DistrictCode?
    if let text = parsed["--district"] {
      guard let code: DistrictCode = console.code(text, option: "--district", parsed.language)
      else { return ExitCode.usage }
      district = code
    }
    let day = chosen ?? UnitsOption.today()
    let language = parsed.language
    let report = UnitReport(registry: registry, language: language)
    let indices = registry.units(inForceOn: day, province: province, district: district)
    switch parsed["--format"] {
    case "json": console.out(JSONOutput.array(indices.map(report.json)).pretty() + "\n")
    case "csv": console.out(report.csv(indices))
    default:
      let place = "\(province)" + (district.map { "/\($0)" } ?? "")
      console.text(
        report.listText(
          indices,
          title: language.pick(
            "Đơn vị cấp xã của \(place) ngày \(day.vietnamese):",
            "Commune-level units of \(place) on \(day.vietnamese):")))
    }
    if indices.isEmpty {
      console.error(
        "không có đơn vị nào của \(province) vào ngày \(day.vietnamese).",
        "no unit of \(province) is in force on \(day.iso).", language)
      return ExitCode.failure
    }
    return ExitCode.success
  }
}

/// The registry a command uses: the bundled one, another file (`--units PATH`) or none
/// (`--units off`).
enum UnitsOption {
  /// The option as `score`, `check`, `batch` and `roadmap` declare it.
  static let option = CommandSpec.Option(
    "--units", value: "off|PATH",
    help: "Registry of administrative units: off (do not check; reports say so), or a file "
      + "(default: the bundled one).",
    vi: "Danh mục đơn vị hành chính: off (không đối chiếu; báo cáo ghi rõ), "
      + "hoặc một tệp (mặc định: danh mục kèm theo).")

  /// The resolver the parsed `--units` asks for (`nil` for `off`), or the error text.
  static func resolver(_ parsed: ParsedArguments) -> Result<
    UnitResolver?, UnitsFailure
  > {
    if parsed["--units"] == "off" { return .success(nil) }
    switch registry(path: parsed["--units"]) {
    case .success(let registry):
      return .success(UnitResolver(registry: registry))
    case .failure(let error):
      // A criteria file given explicitly and no bundle anywhere (a copied binary, a data folder
      // of one's own): the run goes on with units not checked, and says so (every report says
      // units were not checked), rather than refusing what --criteria promised.
      if parsed["--units"] == nil, parsed["--criteria"] != nil,
        case .notFound? = error as? CriteriaError
      {
        return .success(nil)
      }
      return .failure(UnitsFailure(message: Message(describing: error)))
    }
  }

  /// What is said when ``resolver(_:)`` went on without a registry because no bundle holds
  /// one: units are not checked.
  static func note(_ parsed: ParsedArguments) -> Message? {
    guard parsed["--units"] == nil, parsed["--criteria"] != nil,
      case .failure(let error) = Result(catching: { try BundledFiles().manifest() }),
      case .notFound? = error as? CriteriaError
    else { return nil }
    return Message(
      "không có bộ dữ liệu kèm theo (Criteria/bundle.json) nên không có danh mục đơn vị hành "
        + "chính: các xã không được đối chiếu danh mục (như --units off); chỉ ra danh mục bằng "
        + "--units PATH.",
      "no bundle (Criteria/bundle.json) and so no registry of administrative units: communes are "
        + "not checked against it (as with --units off); name a registry with --units PATH.")
  }

  struct UnitsFailure: Error {
    var message: Message
  }

  /// The resolver `--units` asks for, read on a background thread: a run lists its inputs while
  /// the registry loads, and waits for it only when it first needs it.
  final class Pending: Sendable {
    private let done = DispatchGroup()
    private let result = Mutex<Result<UnitResolver?, UnitsFailure>?>(nil)

    init(_ parsed: ParsedArguments) {
      done.enter()
      DispatchQueue.global().async { [self] in
        let read = UnitsOption.resolver(parsed)
        result.withLock { $0 = read }
        done.leave()
      }
    }

    /// The resolver or why the registry could not be read (waits for the load).
    var value: Result<UnitResolver?, UnitsFailure> {
      done.wait()
      return result.withLock { $0 ?? .success(nil) }
    }
  }

  /// The registry at `path`, or the bundled one.
  static func registry(path: String?) -> Result<UnitRegistry, any Error> {
    Result {
      if let path { return try UnitRegistry(path: path) }
      return try BundledFiles().unitRegistry()
    }
  }

  /// Today in the machine's time zone.
  static func today() -> Day {
    let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
    return Day(year: parts.year ?? 2025, month: parts.month ?? 1, day: parts.day ?? 1)
      ?? Day.endOfYear(2025)
  }
}
