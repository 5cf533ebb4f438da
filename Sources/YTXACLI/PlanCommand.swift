import Foundation
import YTXAFormats
import YTXAKit

/// `ytxa plan --plan ID|PATH --evidence PATH [--year Y] [--format …] [--on-merge …]
/// [--register PATH]`
enum PlanCommand {
  static let spec = CommandSpec(
    name: "plan",
    summary: "Evaluate a health plan's targets (coverage, indicators, communes meeting the "
      + "criteria) from the communes' evidence.",
    summaryVi: "Đánh giá các chỉ tiêu của một kế hoạch y tế (bao phủ, chỉ số, số xã "
      + "đạt chuẩn) từ số liệu của các xã.",
    positionals: "", maximumPositionals: 0,
    options: [
      .init(
        "--plan", value: "ID|PATH",
        help: "A bundled plan (tan-yen-2024, phong-tho-2024, ha-noi-kh239-2024, "
          + "tuyen-quang-2018) or a plan file.",
        vi: "Một kế hoạch kèm theo (tan-yen-2024, phong-tho-2024, "
          + "ha-noi-kh239-2024, tuyen-quang-2018) hoặc một tệp kế hoạch."),
      .init(
        "--evidence", value: "PATH", help: "Evidence: a folder, a .csv or an .xlsx file.",
        vi: "Số liệu: một thư mục, một tệp .csv hoặc .xlsx."),
      .init(
        "--year", value: "Y",
        help: "Evaluate the plan's years up to Y (default: the latest evidence).",
        vi: "Đánh giá các năm của kế hoạch đến năm Y (mặc định: năm mới nhất có số " + "liệu)."),
      .init(
        "--format", value: "FORMAT", allowed: ["text", "json", "csv", "html", "xlsx"],
        help: "Output format (default text).", vi: "Định dạng đầu ra (mặc định text)."),
      OnMergeOption.option,
      RegisterOption.option,
      .init(
        "--criteria", value: "PATH", help: "Criteria file instead of the bundled set.",
        vi: "Tệp bộ tiêu chí thay cho bộ kèm theo."),
      HeadersOption.option(for: "csv and xlsx"),
      .init(
        "--lang", value: "LANG", allowed: ["vi", "en"], help: "Language (default vi).",
        vi: "Ngôn ngữ (mặc định vi)."),
      UnitsOption.option,
    ],
    discussion: """
      The plan's area is the registry's units of its province or district on the plan's date.
      Indicator targets aggregate the evidence of the units lying wholly inside the area (a ratio:
      sum of numerators over sum of denominators; a yes/no or choice: the share of stations
      meeting the condition); a unit straddling the area's edge after a merger is left out and
      named. Recognised targets count the area's communes covered by recognition at the end of
      each year (interfaces §6): from the register's decisions with --register, else inferred
      from passing evidence. External targets are listed as not measurable. Exit 0 every
      target due is met, 1 one is not, 2 bad usage or an invalid plan.
      """,
    discussionVi: """
      Địa bàn của kế hoạch là các đơn vị của tỉnh hoặc huyện đó trong danh mục vào ngày của kế
      hoạch. Chỉ tiêu về chỉ số cộng gộp số liệu của các đơn vị nằm trọn trong địa bàn (tỷ lệ: tổng
      tử số trên tổng mẫu số; có/không hoặc lựa chọn: tỷ lệ trạm đạt điều kiện); đơn vị nằm vắt qua
      ranh giới sau sáp nhập được bỏ ra và nêu tên. Chỉ tiêu về số xã đạt chuẩn đếm các xã của địa
      bàn được công nhận vào cuối mỗi năm: theo sổ quyết định khi có --register, nếu không thì suy
      ra từ kết quả đạt. Chỉ tiêu ngoài phạm vi số liệu được liệt kê là không đo
      được. Mã thoát: 0 mọi chỉ tiêu đến hạn đều đạt, 1 có chỉ tiêu chưa đạt, 2 dùng sai lệnh hoặc
      kế hoạch không hợp lệ.
      """)

  static func run(_ arguments: [String], console: Console) -> Int32 {
    let (parsed, code) = YTXACommand.parse(spec, arguments, console: console)
    guard let parsed else { return code }
    let l = parsed.language
    guard let evidencePath = parsed["--evidence"] else {
      console.error("thiếu --evidence PATH.", "--evidence PATH is required.", l)
      return ExitCode.usage
    }
    let year: Int?
    do {
      year = try parsed.integer("--year", in: Evidence.years, command: "plan")
    } catch {
      console.err(error.text(l) + "\n")
      return ExitCode.usage
    }
    if let problem = planProblem(parsed["--plan"]) {
      console.error(problem, l)
      return ExitCode.usage
    }
    let resolver: CriteriaResolver
    let loaded: (plan: Plan, file: String, criteria: CriteriaSet)
    do {
      resolver = try CriteriaResolver(
        path: parsed["--criteria"], units: UnitsOption.Pending(parsed))
      loaded = try loadPlan(parsed["--plan"], resolver: resolver)
    } catch {
      console.error(Message(describing: error), l)
      return ExitCode.usage
    }
    guard let units = resolver.units else {
      console.error(
        (resolver.unitsFailure.map { $0 + Message(verbatim: "; ") } ?? Message(verbatim: ""))
          + Message(
            "ytxa plan cần danh mục đơn vị hành chính (địa bàn của kế hoạch là các đơn vị trong "
              + "danh mục); không dùng được --units off.",
            "ytxa plan needs the registry of units (a plan's area is units of the registry); "
              + "--units off cannot be used."), l)
      return ExitCode.usage
    }
    do {
      try loaded.plan.check(against: units.registry, file: loaded.file)
    } catch {
      console.error(Message(describing: error), l)
      return ExitCode.usage
    }
    let (sources, problems, tableErrors, unfilled) = expandEvidencePaths(
      [evidencePath], criteria: loaded.criteria)
    console.unfilled(unfilled, l)
    for problem in problems {
      console.err("\(OSName.display(problem.path)): " + l(problem.reason) + "\n")
    }
    for error in tableErrors { console.err(l(error.message) + "\n") }
    let area = PlanArea(loaded.plan.area, registry: units.registry)
    let (records, outside) = readRecords(
      sources, resolver: resolver, area: area, console: console, language: l)
    guard !records.isEmpty else {
      console.error(
        outside == 0
          ? Message(
            "không có hồ sơ nào đọc được trong \(OSName.display(evidencePath)).",
            "no readable evidence under \(OSName.display(evidencePath)).")
          : Message(
            "không có hồ sơ nào trong \(OSName.display(evidencePath)) thuộc địa bàn của kế hoạch "
              + "(\(loaded.plan.area.name)); \(outside) hồ sơ đọc được đều ở ngoài.",
            "no evidence under \(OSName.display(evidencePath)) lies in the plan's area "
              + "(\(loaded.plan.area.name)); the \(outside) records read are all outside it."), l)
      return ExitCode.usage
    }
    var decisions: [Int: [RegisterDecision]]?
    var registerRejected = false
    switch RegisterOption.read(
      parsed, resolver: resolver, criteria: loaded.criteria, console: console)
    {
    case .success(let read):
      decisions = read?.register.byUnit
      registerRejected = read?.rejected ?? false
    case .failure(let exit): return exit.code
    }
    let evaluation = PlanEvaluation(
      plan: loaded.plan, criteria: loaded.criteria, area: area, records: records,
      outside: outside, policy: OnMergeOption.value(parsed), through: year, decisions: decisions)
    let report = PlanReport(evaluation, file: loaded.file, language: l)
    guard emit(report, parsed, console: console) else { return ExitCode.usage }
    let due = evaluation.targets.flatMap(\.years).compactMap(\.met)
    return due.allSatisfy { $0 } && !registerRejected ? ExitCode.success : ExitCode.failure
  }

  /// Every source read, resolved to its registry unit and scored (problems said on stderr).
  static func readRecords(
    _ sources: SourceList, resolver: CriteriaResolver, area: PlanArea, console: Console,
    language l: Language
  ) -> (records: [PlanEvaluation.Record], outside: Int) {
    enum Read: Sendable {
      case record(PlanEvaluation.Record)
      case outside
      case rejected(ScoreCommand.FileError)
      case unresolved
    }
    var records: [PlanEvaluation.Record] = []
    var outside = 0
    var rows = RejectedRows()
    // Read and scored in parallel, in input order; only the area's records are kept.
    orderedParallelMap(
      count: sources.count, jobs: ProcessInfo.processInfo.activeProcessorCount,
      work: { index -> Read in
        switch ScoreCommand.load(sources[index], resolver: resolver) {
        case .failure(let error): return .rejected(error)
        case .success(let (evidence, criteria)):
          guard let unit = evidence.commune.unit?.index else { return .unresolved }
          guard area.placement(of: unit) != .outside else { return .outside }
          let score = Scorer(criteria: criteria).pointsOnly(evidence)
          return .record(
            PlanEvaluation.Record(
              unit: unit, code: evidence.commune.code, name: evidence.commune.name.nfc,
              year: evidence.year,
              day: UnitResolver.day(assessedOn: evidence.assessedOn, year: evidence.year),
              values: evidence.values, passed: score.hasPassed, total: score.judgement.total,
              maximum: score.judgement.maximum, file: evidence.file))
        }
      },
      emit: { _, read in
        switch read {
        case .record(let record): records.append(record)
        case .outside: outside += 1
        case .rejected(let error): console.rejected(error, &rows, l)
        case .unresolved: break
        }
      })
    console.closeRejected(rows, l)
    return (records, outside)
  }

  /// Writes the report in the format asked for; `false` when it cannot go to stdout.
  static func emit(_ report: PlanReport, _ parsed: ParsedArguments, console: Console) -> Bool {
    let l = parsed.language
    let headers = HeadersOption.value(parsed)
    switch parsed["--format"] ?? "text" {
    case "json": console.out(report.jsonOutput().pretty() + "\n")
    case "csv": console.out(report.table(headers: headers).csv(headers: headers))
    case "html": console.out(report.html())
    case "xlsx":
      guard console.mayWriteBinary("xlsx", l) else { return false }
      console.outBytes(
        report.table(headers: headers).xlsx(sheet: l.pick("Kế hoạch", "Plan"), headers: headers))
    default: console.text(report.text())
    }
    return true
  }

  /// What is wrong with `--plan` before it is read: missing, or an id the bundle does not have.
  static func planProblem(_ given: String?) -> Message? {
    guard let manifest = try? BundledFiles().manifest() else { return nil }
    let available = manifest.plans.keys.sorted().joined(separator: ", ")
    guard let given else {
      return Message(
        "hãy chỉ ra một kế hoạch: --plan ID (kèm theo ytxa: \(available)) hoặc --plan TỆP.json.",
        "name a plan: --plan ID (bundled: \(available)) or --plan FILE.json.")
    }
    guard !given.contains("/"), !given.hasSuffix(".json"), manifest.plans[given] == nil else {
      return nil
    }
    return Message(
      "--plan \(given): không có kế hoạch đi kèm nào mang id này; có: \(available); hoặc chỉ ra "
        + "một tệp kế hoạch (.json).",
      "--plan \(given): no bundled plan has this id; there are: \(available); or give a plan "
        + "file (.json).")
  }

  /// The plan `--plan` names (a bundled id, or a file), read with the criteria set it names.
  static func loadPlan(_ given: String?, resolver: CriteriaResolver) throws(CriteriaError) -> (
    plan: Plan, file: String, criteria: CriteriaSet
  ) {
    let bundle = BundledFiles()
    guard let given else {
      throw .notBundled(
        id: "", bundle: "Criteria/bundle.json", available: try bundle.manifest().plans.keys.sorted()
      )
    }
    var path = given
    var file = given
    var bundledID: String?
    if !given.contains("/"), !given.hasSuffix(".json") {
      (path, file) = try bundle.planPath(id: given)
      bundledID = given
    }
    let bytes = try readDefinition(path)
    var setID: String?
    if case .object(let object)? = try? JSONParser.parse(bytes) {
      setID = object["criteriaSet"]?.stringValue
    }
    // A plan that names no set is the plan file's fault, said against it.
    let criteria = try resolver.criteria(forID: setID).mapError { error in
      setID == nil
        ? CriteriaError.invalid(
          file: file, problems: [FieldProblem(path: "criteriaSet", message: error.message)])
        : error
    }.get()
    let plan = try Plan(data: bytes, file: file, criteria: criteria)
    if let bundledID { try BundledFiles.check(bundledID, declaredFor: file, found: plan.id) }
    return (plan, file, criteria)
  }
}
