import Foundation
import YTXAFormats
import YTXAKit

/// `ytxa check FILE... [--criteria PATH] [--format text|json|html] [--lang vi|en]`
enum CheckCommand {
  static let spec = CommandSpec(
    name: "check",
    summary:
      "Pre-check communes before registration: verdict, shortfalls and the smallest repair plan.",
    summaryVi: "Tự kiểm tra trước khi đăng ký: kết luận, chỗ còn thiếu và phương án "
      + "cải thiện ít chỉ tiêu nhất.",
    positionals: "FILE...", minimumPositionals: 1, maximumPositionals: .max,
    options: [
      .init(
        "--criteria", value: "PATH",
        help: "Criteria file to use instead of the bundled set the evidence names.",
        vi: "Tệp bộ tiêu chí dùng thay cho bộ kèm theo mà tệp minh chứng ghi."),
      .init(
        "--format", value: "FORMAT", allowed: ["text", "json", "html", "xlsx"],
        help: "Output format (default text); xlsx: redirect it, > check.xlsx.",
        vi: "Định dạng đầu ra (mặc định text); xlsx: chuyển vào tệp, > " + "kiem-tra.xlsx."),
      HeadersOption.option(for: "xlsx"),
      IssuedOption.option,
      .init(
        "--lang", value: "LANG", allowed: ["vi", "en"],
        help: "Language of text and HTML output (default vi).",
        vi: "Ngôn ngữ của báo cáo và thông báo (mặc định vi)."),
      UnitsOption.option,
    ],
    discussion: """
      One file gives the pre-check sheet of that commune. Several files, a folder (its *.json
      files, recursively) or a table of several rows (.csv, or the sheet of an .xlsx workbook
      laid out as 'ytxa template') give the district view: one line per commune, closest to
      passing first (passing, then by plan size, then by points to gain). JSON is one object per
      commune (an array, in the same order, when several are checked); HTML is one
      self-contained page; xlsx is the district sheet, then a sheet per commune (up to 200).
      Exit codes: 0 every commune passes; 1 a commune does not pass or a file was rejected;
      2 bad usage or an unreadable criteria file.
      """,
    discussionVi: """
      Một tệp cho phiếu tự kiểm tra của xã đó. Nhiều tệp, một thư mục (các tệp *.json, kể cả
      thư mục con) hoặc một bảng nhiều dòng (.csv, hoặc trang của tệp .xlsx theo mẫu 'ytxa
      template') cho bảng của huyện: mỗi xã một dòng, xã gần đạt nhất trước. Dòng chưa điền được
      bỏ qua và đếm; dòng không đọc được được liệt kê với từng lỗi theo ô. JSON: mỗi xã một đối
      tượng; HTML: một trang; xlsx: trang danh sách, trang "Không đọc được", rồi mỗi xã một trang
      (tối đa 200).
      Mã thoát: 0 mọi xã đạt; 1 có xã chưa đạt hoặc có tệp/dòng bị từ chối; 2 dùng sai lệnh, không
      có số liệu nào, hoặc không đọc được tệp bộ tiêu chí.
      """)

  static func run(_ arguments: [String], console: Console) -> Int32 {
    let (parsed, code) = YTXACommand.parse(spec, arguments, console: console)
    guard let parsed else { return code }
    let language = parsed.language
    if parsed["--format"] == "xlsx", !console.mayWriteBinary("xlsx", language) {
      return ExitCode.usage
    }
    let inputs: ScoreCommand.Inputs
    switch ScoreCommand.inputs(parsed, console: console) {
    case .success(let read): inputs = read
    case .failure(let exit): return exit.code
    }
    let (resolver, files) = (inputs.resolver, inputs.files)
    let format = parsed["--format"] ?? "text"
    if format == "xlsx" {
      let headers = HeadersOption.value(parsed)
      return workbook(inputs, headers: headers, language: language, console: console)
    }
    if files.count > 1, format != "html" {
      return district(inputs, format: format, language: language, console: console)
    }
    var checks: [(check: CheckResult, criteria: CriteriaSet)] = []
    var unread = inputs.unread
    var rows = RejectedRows()
    for file in files {
      switch ScoreCommand.load(file, resolver: resolver) {
      case .success(let (evidence, criteria)):
        checks.append((CheckResult(evidence: evidence, criteria: criteria), criteria))
      case .failure(let error):
        unread.add(error.rejected)
        console.rejected(error, &rows, language)
      }
    }
    console.closeRejected(rows, language)
    let single = files.count == 1
    if !single {
      checks.sort { CheckResult.closestFirst($0.check, $1.check) }
    }
    switch parsed["--format"] ?? "text" {
    case "json":
      // One file (several go to the district view above): its object, or `[]` when it was
      // rejected; the same writer as the district view's.
      if let item = checks.first {
        console.outBytes(
          item.check.prettyJSON(
            language: language, criteriaFile: item.criteria.source, arrayElement: false))
      } else {
        console.out("[]\n")
      }
    case "html":
      guard let issued = IssuedOption.value(parsed, console: console) else { return ExitCode.usage }
      var groups = grouped(checks)
      if groups.isEmpty, let criteria = try? resolver.defaultSet() {
        // Nothing could be scored: the page still lists what could not be read, and why.
        groups = [(criteria, [])]
      }
      for (index, group) in groups.enumerated() {
        var report = CheckHTMLReport(criteria: group.criteria, language: language, issued: issued)
        if index == 0 { report.unread = unread }
        console.out(report.render(group.checks))
      }
    default:
      if single {
        for item in checks {
          console.text(
            CheckTextReport(criteria: item.criteria, language: language).render(item.check))
        }
      } else {
        for group in grouped(checks) {
          console.text(
            CheckTextReport(criteria: group.criteria, language: language).renderDistrict(
              group.checks))
        }
      }
      for line in unread.textLines(language) { console.out(line + "\n") }
    }
    let allPass = unread.rejectedCount == 0 && checks.allSatisfy(\.check.result.hasPassed)
    return allPass ? ExitCode.success : ExitCode.failure
  }

  /// `--format xlsx`: the district sheet (a row per commune, kept in memory with its place in
  /// the order) and, for up to ``CheckWorkbook/detailLimit`` files, a sheet per commune.
  static func workbook(
    _ inputs: ScoreCommand.Inputs, headers: Table.Headers, language: Language, console: Console
  ) -> Int32 {
    let (resolver, files) = (inputs.resolver, inputs.files)
    let book = CheckWorkbook(language: language, headers: headers)
    let detailed = files.count <= CheckWorkbook.detailLimit
    var rows: [(order: CheckResult.Order, row: [Table.Cell], detail: (String, Table)?)] = []
    var unread = inputs.unread
    var passed = 0
    var rejectedRows = RejectedRows()
    orderedParallelMap(
      count: files.count, jobs: ProcessInfo.processInfo.activeProcessorCount,
      work: { index in
        ScoreCommand.load(files[index], resolver: resolver).map { evidence, criteria in
          let check = CheckResult(evidence: evidence, criteria: criteria)
          return (
            check.order, book.summaryRow(check, criteria: criteria),
            detailed
              ? (CheckWorkbook.sheetName(check), book.detail(check, criteria: criteria)) : nil,
            check.result.hasPassed
          )
        }
      },
      emit: { _, outcome in
        switch outcome {
        case .failure(let error):
          unread.add(error.rejected)
          console.rejected(error, &rejectedRows, language)
        case .success(let (order, row, detail, hasPassed)):
          rows.append((order, row, detail))
          if hasPassed { passed += 1 }
        }
      })
    console.closeRejected(rejectedRows, language)
    rows.sort { $0.order < $1.order }
    do {
      try book.write(
        rows: rows.map(\.row), details: detailed ? rows.compactMap(\.detail) : nil,
        unread: unread, emit: console.outBytes)
    } catch {
      console.error(Message(describing: error), language)
      return ExitCode.outputFailure
    }
    return unread.rejectedCount == 0 && passed == rows.count ? ExitCode.success : ExitCode.failure
  }

  /// What the district view keeps of each commune while its line or object waits in the
  /// scratch file.
  private struct Kept {
    var order: CheckResult.Order
    var criteria: CriteriaSet
    var offset: Int
    var length: Int
    var passed: Bool
    var isOneAway: Bool
  }

  /// The district view of many files, in text or JSON, streamed: files are checked in parallel
  /// a window at a time; each commune's line (or JSON object) goes to a scratch file and only
  /// its place in the order stays in memory; then the view is written in order.
  static func district(
    _ inputs: ScoreCommand.Inputs, format: String, language: Language, console: Console
  ) -> Int32 {
    let (resolver, files) = (inputs.resolver, inputs.files)
    let scratch: SpillFile
    do {
      scratch = try SpillFile(folder: FileManager.default.temporaryDirectory.path)
    } catch {
      console.error(Message(describing: error), language)
      return ExitCode.outputFailure
    }
    var kept: [Kept] = []
    var unread = inputs.unread
    var rows = RejectedRows()
    var failure: FileWriteError?
    orderedParallelMap(
      count: files.count, jobs: ProcessInfo.processInfo.activeProcessorCount,
      work: { index in
        ScoreCommand.load(files[index], resolver: resolver).map { evidence, criteria in
          let check = CheckResult(evidence: evidence, criteria: criteria)
          let piece =
            format == "json"
            ? check.prettyJSON(
              language: language, criteriaFile: criteria.source, arrayElement: true)
            : Array(
              CheckTextReport(criteria: criteria, language: language).districtLine(check).utf8)
          return (check, criteria, piece)
        }
      },
      emit: { _, outcome in
        switch outcome {
        case .failure(let error):
          unread.add(error.rejected)
          console.rejected(error, &rows, language)
        case .success(let (check, criteria, piece)):
          do throws(FileWriteError) {
            let written = try scratch.append { $0.append(contentsOf: piece) }
            kept.append(
              Kept(
                order: check.order, criteria: criteria, offset: written.offset,
                length: written.length, passed: check.result.hasPassed,
                isOneAway: check.plan.items.count == 1))
          } catch {
            failure = failure ?? error
          }
        }
      })
    console.closeRejected(rows, language)
    do throws(FileWriteError) {
      if let failure { throw failure }
      try scratch.flush()
      kept.sort { $0.order < $1.order }
      try writeDistrict(
        kept, from: scratch, format: format, unread: unread, language: language,
        console: console)
    } catch {
      console.error(Message(describing: error), language)
      return ExitCode.outputFailure
    }
    let allPass = unread.rejectedCount == 0 && kept.allSatisfy(\.passed)
    return allPass ? ExitCode.success : ExitCode.failure
  }

  /// Writes the district view in order, each commune's piece read back from the scratch file.
  private static func writeDistrict(
    _ kept: [Kept], from scratch: SpillFile, format: String, unread: UnreadInputs,
    language: Language, console: Console
  ) throws(FileWriteError) {
    func bytes(_ item: Kept, after prefix: [UInt8] = []) throws(FileWriteError) -> [UInt8] {
      var bytes = prefix
      try scratch.read(offset: item.offset, length: item.length, appendingTo: &bytes)
      return bytes
    }
    func piece(_ item: Kept) throws(FileWriteError) -> String {
      String(decoding: try bytes(item), as: UTF8.self)
    }
    if format == "json" {
      console.out("[")
      for (index, item) in kept.enumerated() {
        console.outBytes(try bytes(item, after: index > 0 ? [UInt8(ascii: ",")] : []))
      }
      console.out(kept.isEmpty ? "]\n" : "\n]\n")
    } else {
      // One view per criteria set, in order of first appearance.
      var sets: [String] = []
      for item in kept where !sets.contains(item.criteria.id) { sets.append(item.criteria.id) }
      for id in sets {
        let group = kept.filter { $0.criteria.id == id }
        let report = CheckTextReport(criteria: group[0].criteria, language: language)
        var view = report.districtHeader()
        for item in group { view += try piece(item) }
        view += report.districtFooter(
          communes: group.count, passing: group.count(where: \.passed),
          oneAway: group.count(where: \.isOneAway))
        console.text(view)
      }
      for line in unread.textLines(language) { console.out(line + "\n") }
    }
  }

  /// Checks grouped by criteria set, in order of first appearance.
  static func grouped(_ checks: [(check: CheckResult, criteria: CriteriaSet)]) -> [(
    criteria: CriteriaSet, checks: [CheckResult]
  )] {
    var groups: [(criteria: CriteriaSet, checks: [CheckResult])] = []
    for item in checks {
      if let index = groups.firstIndex(where: { $0.criteria.id == item.criteria.id }) {
        groups[index].checks.append(item.check)
      } else {
        groups.append((item.criteria, [item.check]))
      }
    }
    return groups
  }
}
