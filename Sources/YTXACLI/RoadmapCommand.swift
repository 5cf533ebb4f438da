import Foundation
import YTXAFormats
import YTXAKit

/// `ytxa roadmap [--roadmap PATH] --evidence PATH [--year Y] [--commune CODE] [--format ...]`
enum RoadmapCommand {
  static let defaultRoadmap = "bac-giang-kh115-2023"

  static let spec = CommandSpec(
    name: "roadmap",
    summary: "Per-district, year-by-year attainment against a province's roadmap.",
    summaryVi: "Tiến độ từng năm của từng huyện so với lộ trình của tỉnh.",
    options: [
      .init(
        "--roadmap", value: "PATH",
        help: "Roadmap file (default: the bundled \(defaultRoadmap)).",
        vi: "Tệp lộ trình (mặc định: \(defaultRoadmap) kèm theo)."),
      .init(
        "--evidence", value: "PATH",
        help: "Folder of evidence files of every year (any layout; the year comes from the file).",
        vi: "Thư mục số liệu của mọi năm (bố cục tùy ý; năm lấy từ tệp)."),
      RegisterOption.option,
      .init(
        "--year", value: "Y", help: "Report roadmap years up to Y (default: all).",
        vi: "Báo cáo các năm của lộ trình đến năm Y (mặc định: tất cả)."),
      .init(
        "--commune", value: "CODE",
        help: "Print one commune's history: with units, the unit, what it was formed from and "
          + "went into, with dates, assessments, recognition and the merge policy's effect.",
        vi: "In lịch sử của một xã: đơn vị, được lập từ đâu và sáp nhập vào đâu, "
          + "ngày tháng, các lần đánh giá, công nhận và tác động của chính sách sáp " + "nhập."),
      .init(
        "--on", value: "DATE",
        help: "With --commune: the unit the code named on DATE (default: its latest unit).",
        vi: "Với --commune: đơn vị mà mã chỉ vào ngày DATE (mặc định: đơn vị mới " + "nhất)."),
      .init(
        "--criteria", value: "PATH", help: "Criteria file instead of the bundled set.",
        vi: "Tệp bộ tiêu chí thay cho bộ kèm theo."),
      .init(
        "--format", value: "FORMAT", allowed: ["text", "json", "csv", "html", "xlsx"],
        help: "Output format (default text); xlsx: redirect it, > roadmap.xlsx.",
        vi: "Định dạng đầu ra (mặc định text); xlsx: chuyển vào tệp, > " + "lo-trinh.xlsx."),
      HeadersOption.option(for: "csv, xlsx"),
      IssuedOption.option,
      .init(
        "--jobs", value: "N", help: "Parallel workers for scoring (default: the cores).",
        vi: "Số luồng chấm song song (mặc định: số lõi)."),
      .init(
        "--lang", value: "LANG", allowed: ["vi", "en"],
        help: "Language of the reports (default vi).", vi: "Ngôn ngữ của báo cáo (mặc định vi)."),
      UnitsOption.option,
      OnMergeOption.option,
    ],
    discussion: """
      Every evidence file under --evidence is scored. Recognition belongs to a unit of the
      registry: a pass takes effect on its assessment date (31 December of its year when the
      file gives none) and holds through 31 December two years later; a failed assessment
      withdraws it; a unit that ends loses it; a rename carries it; a merger or split follows
      --on-merge. A plan district's communes are the registry's units of that district on the
      roadmap's unitsAsOf, followed through every change to the units that hold them now; a plan
      commune counts when those units are all recognised. With --units off, communes are joined
      to districts by the codes the evidence gives. Rejected files are listed on stderr and left
      out. Exit codes: 0 report written; 1 some evidence file was rejected; 2 bad usage or an
      unreadable or invalid roadmap.
      """,
    discussionVi: """
      Mọi tệp số liệu trong --evidence được chấm. Công nhận thuộc về một đơn vị của danh mục: kết
      quả đạt có hiệu lực từ ngày đánh giá (31/12 của năm nếu tệp không ghi) đến hết 31/12 hai
      năm sau; lần đánh giá chưa đạt chấm dứt công nhận; đơn vị chấm dứt thì mất công nhận; đổi tên
      thì giữ; sáp nhập hoặc chia tách theo --on-merge. Các xã của một huyện trong lộ trình là các
      đơn vị của huyện đó vào ngày unitsAsOf của lộ trình, theo dõi qua mọi thay đổi đến các đơn vị
      hiện nay; một xã của lộ trình được tính khi các đơn vị đó đều được công nhận. Với --units
      off, xã được gán huyện theo mã trong tệp. Tệp bị từ chối được liệt kê ở stderr và bỏ ra.
      Mã thoát: 0 đã lập báo cáo; 1 có tệp bị từ chối; 2 dùng sai lệnh hoặc lộ trình không đọc
      được hay không hợp lệ.
      """)

  static func run(_ arguments: [String], console: Console) -> Int32 {
    let (parsed, code) = YTXACommand.parse(spec, arguments, console: console)
    guard let parsed else { return code }
    let language = parsed.language
    let registerPath = parsed["--register"]
    let evidencePath = parsed["--evidence"]
    guard evidencePath != nil || registerPath != nil else {
      console.err(
        UsageError.missingOption("--evidence PATH (or --register PATH)", of: "roadmap").text(
          language) + "\n")
      return ExitCode.usage
    }
    if parsed["--format"] == "xlsx", !console.mayWriteBinary("xlsx", language) {
      return ExitCode.usage
    }
    let settings: BatchCommand.Settings
    switch BatchCommand.Settings.read(parsed, command: "roadmap", console: console) {
    case .success(let read): settings = read
    case .failure(let exit): return exit.code
    }
    let (year, jobs, resolver) = (settings.year, settings.jobs, settings.resolver)
    guard let roadmap = loadRoadmap(parsed, resolver: resolver, console: console) else {
      return ExitCode.usage
    }
    var outcome: BatchRunner.Outcome?
    if let evidencePath {
      guard
        let run = evidence(
          evidencePath, resolver: resolver, jobs: jobs, language: language, console: console)
      else { return ExitCode.usage }
      outcome = run
    }
    var decisions: [Int: [RegisterDecision]]?
    var registerRejected = false
    if registerPath != nil {
      let criteria: CriteriaSet
      switch resolver.criteria(forID: roadmap.criteriaSetID) {
      case .success(let found): criteria = found
      case .failure(let error):
        console.error(Message(describing: error), language)
        return ExitCode.usage
      }
      switch RegisterOption.read(parsed, resolver: resolver, criteria: criteria, console: console) {
      case .success(let read):
        decisions = read?.register.byUnit
        registerRejected = read?.rejected ?? false
      case .failure(let exit): return exit.code
      }
    }
    let rejected = registerRejected || !(outcome?.errors.isEmpty ?? true)
    let communes = outcome?.trackedCommunes() ?? []
    let set =
      outcome.flatMap { $0.criteriaSets[roadmap.criteriaSetID] ?? $0.criteriaSets.values.first }
      ?? (try? resolver.criteria(forID: roadmap.criteriaSetID).get())
    let progress = Self.progress(
      roadmap, communes: communes, units: resolver.units, through: year,
      policy: OnMergeOption.value(parsed),
      validity: set?.recognitionYears ?? 3, decisions: decisions)
    if decisions != nil, progress.recognition == nil {
      // Decisions name units; a roadmap without its units' date cannot place them.
      console.error(
        "--register: lộ trình \(roadmap.id) không ghi ngày của danh mục xã (unitsAsOf), nên không "
          + "đối chiếu được các quyết định với các xã của kế hoạch.",
        "--register: roadmap \(roadmap.id) states no date for its communes (unitsAsOf), so the "
          + "decisions cannot be matched to the plan's communes.", language)
      return ExitCode.usage
    }
    var report = RoadmapReport(
      progress: progress, criteria: set, language: language,
      unitsChecked: resolver.units != nil)
    if parsed["--format"] == "html" {
      guard let issued = IssuedOption.value(parsed, console: console) else { return ExitCode.usage }
      report.issued = issued
    }
    let format = parsed["--format"] ?? "text"
    let headers = HeadersOption.value(parsed)
    if let text = parsed["--commune"], let recognition = progress.recognition {
      return lineage(
        text, on: parsed["--on"], registry: recognition.registry, report: report,
        json: format == "json", language: language, console: console)
        ?? (rejected ? ExitCode.failure : ExitCode.success)
    }
    if let text = parsed["--commune"] {
      let code = timeline(
        text, communes: communes, report: report, json: format == "json",
        evidencePath: evidencePath ?? registerPath ?? "", language: language, console: console)
      return code ?? (rejected ? ExitCode.failure : ExitCode.success)
    }
    switch format {
    case "json": console.out(report.jsonOutput().pretty() + "\n")
    case "csv": console.out(report.csv(headers: headers))
    case "xlsx": console.outBytes(report.xlsx(headers: headers))
    case "html": console.out(report.html())
    default: console.text(report.text())
    }
    return rejected ? ExitCode.failure : ExitCode.success
  }

  /// Every evidence file under `path` scored (a table's rows as they are read), rejections said
  /// on stderr; `nil` after saying why nothing can be read.
  static func evidence(
    _ path: String, resolver: CriteriaResolver, jobs: Int, language: Language, console: Console
  ) -> BatchRunner.Outcome? {
    if case .failure(let failure) = FileSystem.isFolder(path) {
      console.error("\(OSName.display(path)): " + failure.message + ".", language)
      return nil
    }
    // A table (.csv, .xlsx) gives its rows, read as they are scored, as for batch.
    let sources: BatchSources
    switch BatchCSV.openTable(path: path, criteria: try? resolver.defaultSet()) {
    case .success(let table)?: sources = BatchSources(table: table)
    case .failure(let error)?:
      console.err(error.rejectedInput.lines(language).joined(separator: "\n") + "\n")
      return nil
    case nil: sources = BatchSources.files(under: path)
    }
    if sources.table == nil, sources.count == 0, sources.problems.isEmpty {
      console.error(
        "không có tệp số liệu nào trong \(OSName.display(path)).",
        "no evidence file under \(OSName.display(path)).", language)
      return nil
    }
    let runner = BatchRunner(
      options: .init(
        jobs: jobs, scratchFolder: FileManager.default.temporaryDirectory.path, planSizes: true,
        units: resolver.units, language: language),
      criteria: { resolver.criteria(forID: $0) }
    )
    let outcome: BatchRunner.Outcome
    do {
      outcome = try runner.run(sources)
    } catch {
      console.error(Message(describing: error), language)
      return nil
    }
    for error in outcome.errors {
      console.err(error.rejectedInput.lines(language).joined(separator: "\n") + "\n")
    }
    if let closing = outcome.unlistedClosing { console.err(language(closing) + "\n") }
    console.unfilled(outcome.unfilled, language)
    return outcome
  }

  /// The roadmap `--roadmap` names (or the bundled one), checked against the registry when
  /// units are (its communes are the registry's on its `unitsAsOf`); `nil` after saying why not.
  static func loadRoadmap(
    _ parsed: ParsedArguments, resolver: CriteriaResolver, console: Console
  ) -> Roadmap? {
    let language = parsed.language
    do {
      let roadmap: Roadmap
      if let path = parsed["--roadmap"] {
        roadmap = try Roadmap(contentsOf: URL(fileURLWithPath: path))
      } else {
        roadmap = try BundledFiles().roadmap(id: defaultRoadmap)
      }
      if let failure = resolver.unitsFailure {
        console.error(failure, language)
        return nil
      }
      if let units = resolver.units {
        try roadmap.check(
          against: units.registry,
          file: parsed["--roadmap"] ?? "Criteria/roadmaps/\(defaultRoadmap).json")
      }
      return roadmap
    } catch {
      console.error(Message(describing: error), language)
      return nil
    }
  }

  /// Progress on the plan's own communes through the map's changes when units are checked and
  /// the roadmap names its `unitsAsOf`; else by the district codes the evidence gives.
  static func progress(
    _ roadmap: Roadmap, communes: [TrackedCommune], units: UnitResolver?, through year: Int?,
    policy: MergePolicy, validity: Int, decisions: [Int: [RegisterDecision]]? = nil
  ) -> RoadmapProgress {
    if let units, let coverage = PlanCoverage(roadmap: roadmap, registry: units.registry) {
      return RoadmapProgress(
        roadmap: roadmap, coverage: coverage, communes: communes, policy: policy, through: year,
        validity: validity, decisions: decisions, today: UnitsOption.today())
    }
    return RoadmapProgress(roadmap: roadmap, communes: communes, through: year, validity: validity)
  }

  /// `--commune CODE [--on DATE]` with units: the unit's history through every change; an exit
  /// code when it cannot be shown.
  static func lineage(
    _ text: String, on dayText: String?, registry: UnitRegistry, report: RoadmapReport,
    json: Bool, language: Language, console: Console
  ) -> Int32? {
    guard let wanted: CommuneCode = console.code(text, option: "--commune", language) else {
      return ExitCode.usage
    }
    let units = registry.indices(withCode: wanted)
    guard let latest = units.last else {
      console.error(UnitResolver(registry: registry).unknownCode(wanted) + ".", language)
      return ExitCode.failure
    }
    var unit = latest
    if let dayText {
      guard let day = console.day(dayText, option: "--on", language) else {
        return ExitCode.usage
      }
      switch registry.lookup(wanted, on: day) {
      case .unit(let found): unit = found
      case .uncertain(let candidates): unit = candidates[0]
      case .none:
        console.error(UnitResolver(registry: registry).noUnit(wanted, on: day), language)
        return ExitCode.failure
      }
    }
    if json {
      console.out(report.lineageJSON(of: unit).pretty() + "\n")
    } else {
      console.text(report.lineageText(of: unit))
    }
    return nil
  }

  /// `--commune CODE` without units: one commune's recognition timeline by its code; an exit
  /// code when it cannot be shown.
  static func timeline(
    _ text: String, communes: [TrackedCommune], report: RoadmapReport, json: Bool,
    evidencePath: String, language: Language, console: Console
  ) -> Int32? {
    guard let wanted: CommuneCode = console.code(text, option: "--commune", language) else {
      return ExitCode.usage
    }
    guard let commune = communes.first(where: { $0.code == wanted }) else {
      console.error(
        "không có số liệu của xã \(wanted) trong \(evidencePath).",
        "no evidence for commune \(wanted) under \(evidencePath).", language)
      return ExitCode.failure
    }
    if json {
      console.out(report.timelineJSON(commune).pretty() + "\n")
    } else {
      console.text(report.timelineText(commune))
    }
    return nil
  }
}
