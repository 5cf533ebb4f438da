import Foundation
import YTXAFormats
import YTXAKit

/// `ytxa register check PATH…` and `ytxa register show PATH… [--on DATE] [--commune CODE]`: the
/// province's register of recognition decisions (interfaces §9).
enum RegisterCommand {
  static let common: [CommandSpec.Option] = [
    .init(
      "--criteria", value: "PATH",
      help:
        "Criteria set file: its effective date and recognitionYears (default: the bundled set).",
      vi: "Tệp bộ tiêu chí: ngày hiệu lực và số năm công nhận (mặc định: bộ kèm theo)."),
    UnitsOption.option,
    .init(
      "--lang", value: "LANG", allowed: ["vi", "en"], help: "Language (default vi).",
      vi: "Ngôn ngữ (mặc định vi)."),
  ]

  static let checkSpec = CommandSpec(
    name: "register check",
    summary: "Check register files of recognition decisions, row by row.",
    summaryVi: "Kiểm tra sổ quyết định công nhận, từng dòng.",
    positionals: "PATH...", minimumPositionals: 1, maximumPositionals: .max,
    options: [
      .init(
        "--format", value: "FORMAT", allowed: ["text", "json", "csv", "xlsx"],
        help: "text (default), json; csv or xlsx: the valid rows again as one register (rows "
          + "with errors left out, each said on stderr); xlsx to a file, > register.xlsx.",
        vi: "text (mặc định), json; csv hoặc xlsx: các dòng hợp lệ thành một sổ (dòng có lỗi "
          + "bị bỏ, từng dòng nêu ở stderr); xlsx chuyển vào tệp, > so-quyet-dinh.xlsx.")
    ] + common,
    discussion: """
      Each PATH is a .csv, .xlsx or .jsonl file, or a folder of them (read in the order of their
      names), one row per commune per decision: decision,
      signedOn, kind (recognition, re-recognition, withdrawal), commune_code, commune_name,
      optional validTo and note. Each row is resolved on the unit registry on the day it was
      signed. Exit 0 valid, 1 valid with warnings, 2 invalid.
      """,
    discussionVi: """
      Mỗi PATH là một tệp .csv, .xlsx hoặc .jsonl, hoặc một thư mục chứa chúng (đọc theo thứ tự
      tên tệp), mỗi xã mỗi quyết định một dòng: decision (số
      quyết định), signedOn (ngày ký), kind (công nhận, công nhận lại, thu hồi), commune_code,
      commune_name, có thể có validTo (ngày hết hiệu lực) và note. Mỗi dòng được đối chiếu với
      danh mục đơn vị hành chính vào ngày ký. Mã thoát: 0 hợp lệ, 1 hợp lệ nhưng có cảnh báo, 2
      không hợp lệ.
      """)

  static let showSpec = CommandSpec(
    name: "register show",
    summary: "Who is recognised on a day, by which decision, until when.",
    summaryVi: "Những xã được công nhận vào một ngày, theo quyết định nào, đến khi nào.",
    positionals: "PATH...", minimumPositionals: 1, maximumPositionals: .max,
    options: [
      .init(
        "--on", value: "DATE", help: "The day, YYYY-MM-DD (default: today).",
        vi: "Ngày, YYYY-MM-DD (mặc định: hôm nay)."),
      .init(
        "--commune", value: "CODE",
        help: "One unit's recognition through its changes instead.",
        vi: "Thay vào đó: việc công nhận của một đơn vị qua các lần thay đổi."),
      OnMergeOption.option,
      .init(
        "--format", value: "FORMAT", allowed: ["text", "json", "csv"],
        help: "text (default), json, csv.", vi: "text (mặc định), json, csv."),
    ] + common,
    discussion: """
      A recognition holds from the day it is signed through its validTo, or through 31 December
      of its year + recognitionYears - 1; a withdrawal ends it; across unit changes recognition
      follows the registry (nominal changes carry it; territorial ones follow --on-merge). Rows
      with errors are left out, each said on stderr (see 'ytxa register check'). Exit codes: 0
      shown; 1 shown, but rows were left out (or --commune names no unit); 2 bad usage.
      """,
    discussionVi: """
      Một quyết định công nhận có hiệu lực từ ngày ký đến validTo, hoặc đến 31/12 của năm ký +
      số năm công nhận - 1; quyết định thu hồi chấm dứt nó; qua thay đổi đơn vị, việc công nhận
      theo danh mục (đổi tên giữ nguyên; sáp nhập, chia tách theo --on-merge). Các dòng có lỗi bị
      bỏ qua, từng dòng được nêu (xem 'ytxa register check'). Mã thoát: 0 đã hiển thị; 1 đã hiển
      thị nhưng có dòng bị bỏ qua (hoặc --commune không ứng với đơn vị nào); 2 dùng sai lệnh.
      """)

  static func run(_ arguments: [String], console: Console) -> Int32 {
    let rest = Array(arguments.dropFirst())
    switch arguments.first {
    case "check": return check(rest, console: console)
    case "show": return show(rest, console: console)
    default:
      console.out(
        UsageError.language(of: arguments).pick(
          "TỔNG QUAN: Sổ quyết định công nhận xã đạt chuẩn.\n\n"
            + "CÁCH DÙNG: ytxa register check PATH... [--format text|json]\n"
            + "           ytxa register show PATH... [--on DATE] [--commune CODE]\n\n"
            + "Xem chi tiết: 'ytxa register check --help'.\n",
          "OVERVIEW: The register of recognition decisions.\n\n"
            + "USAGE: ytxa register check PATH... [--format text|json]\n"
            + "       ytxa register show PATH... [--on DATE] [--commune CODE]\n\n"
            + "Run 'ytxa register check --help' for details.\n"))
      return arguments.isEmpty || ["--help", "-h"].contains(arguments[0])
        ? ExitCode.success : ExitCode.usage
    }
  }

  /// The register read from the positionals, with the registry and the criteria set it was
  /// checked against; `nil` after saying why it cannot be read at all.
  static func read(_ parsed: ParsedArguments, console: Console) -> (
    Register, UnitRegistry?, CriteriaSet
  )? {
    let language = parsed.language
    let resolver: CriteriaResolver
    let criteria: CriteriaSet
    do {
      resolver = try CriteriaResolver(
        path: parsed["--criteria"], units: UnitsOption.Pending(parsed))
      criteria = try resolver.defaultSet()
    } catch {
      console.error(Message(describing: error), language)
      return nil
    }
    if let failure = resolver.unitsFailure {
      console.error(failure, language)
      return nil
    }
    if let note = UnitsOption.note(parsed) {
      console.err(language.pick("Lưu ý: ", "Note: ") + language(note) + "\n")
    }
    let register = Register(
      files: parsed.positionals, registry: resolver.units?.registry, criteria: criteria,
      today: UnitsOption.today())
    return (register, resolver.units?.registry, criteria)
  }

  static func check(_ arguments: [String], console: Console) -> Int32 {
    let (parsed, code) = YTXACommand.parse(checkSpec, arguments, console: console)
    guard let parsed else { return code }
    let l = parsed.language
    guard let (register, _, _) = read(parsed, console: console) else { return ExitCode.usage }
    if let format = parsed["--format"], format == "csv" || format == "xlsx" {
      RegisterOption.sayLeftOut(register, l, console: console)
      let table = register.table(language: l)
      if format == "csv" {
        console.out(table.csv())
      } else {
        guard console.mayWriteBinary("xlsx", l) else { return ExitCode.usage }
        console.outBytes(table.xlsx(sheet: l.pick("Sổ quyết định", "Register")))
      }
    } else if parsed["--format"] == "json" {
      func list(_ problems: [Register.Problem]) -> JSONOutput {
        .array(
          problems.map { problem in
            .object([
              // A sheet's rows are named `book.xlsx:Sheet!7`: its file is `book.xlsx:Sheet`.
              "file": .string(
                problem.file.hasSuffix("!") ? String(problem.file.dropLast()) : problem.file),
              "row": problem.row.map { .number(String($0)) } ?? .null,
              "cell": problem.cell.map { .string($0) } ?? .null,
              "field": .string(problem.field), "message": .string(l(problem.message)),
            ])
          })
      }
      console.out(
        JSONOutput.object([
          "rows": .number(String(register.rows)), "errors": list(register.errors),
          "warnings": list(register.warnings),
          "errorsNotListed": .number(String(register.errorsNotListed)),
          "warningsNotListed": .number(String(register.warningsNotListed)),
        ]).pretty() + "\n")
    } else {
      var lines = register.errors.map { l.pick("Lỗi: ", "Error: ") + $0.line(l) }
      lines += register.warnings.map { l.pick("Cảnh báo: ", "Warning: ") + $0.line(l) }
      if register.errorsNotListed + register.warningsNotListed > 0 {
        lines.append(
          l.pick(
            "Chỉ liệt kê \(RejectedRows.listed) lỗi và \(RejectedRows.listed) cảnh báo đầu tiên; "
              + "còn \(register.errorsNotListed) lỗi và \(register.warningsNotListed) cảnh báo "
              + "không liệt kê (đã tính trong tổng).",
            "Only the first \(RejectedRows.listed) errors and \(RejectedRows.listed) warnings are "
              + "listed; \(register.errorsNotListed) more errors and "
              + "\(register.warningsNotListed) more warnings are not (they are in the totals)."))
      }
      lines.append(
        l.count(register.rows, "dòng", "row") + ": "
          + l.count(register.decisions.count, "quyết định hợp lệ", "valid decision") + " · "
          + l.count(register.errorCount, "lỗi", "error") + " · "
          + l.count(register.warningCount, "cảnh báo", "warning") + ".")
      console.text(lines.joined(separator: "\n") + "\n")
    }
    if !register.errors.isEmpty { return ExitCode.usage }
    return register.warnings.isEmpty ? ExitCode.success : ExitCode.failure
  }

  static func show(_ arguments: [String], console: Console) -> Int32 {
    let (parsed, code) = YTXACommand.parse(showSpec, arguments, console: console)
    guard let parsed else { return code }
    let l = parsed.language
    var day = UnitsOption.today()
    if let text = parsed["--on"] {
      guard let read = console.day(text, option: "--on", l) else { return ExitCode.usage }
      day = read
    }
    guard let (register, registry, criteria) = read(parsed, console: console) else {
      return ExitCode.usage
    }
    RegisterOption.sayLeftOut(register, l, console: console)
    guard let registry else {
      console.error(
        "register show cần danh mục đơn vị hành chính (không dùng được với --units off).",
        "register show needs the unit registry (it cannot run with --units off).", l)
      return ExitCode.usage
    }
    let policy = OnMergeOption.value(parsed)
    let recognition = register.recognition(
      registry: registry, policy: policy, validity: criteria.recognitionYears)
    let view = RegisterView(recognition: recognition, language: l)
    // Exit 1 when rows were left out for their errors (said on stderr), as the other commands.
    let leftOut = register.errors.isEmpty ? ExitCode.success : ExitCode.failure
    if let wanted = parsed["--commune"] {
      guard let code: CommuneCode = console.code(wanted, option: "--commune", l) else {
        return ExitCode.usage
      }
      let rows = view.lineage(of: code)
      guard !rows.isEmpty else {
        console.error(UnitResolver(registry: registry).unknownCode(code) + ".", l)
        return ExitCode.failure
      }
      switch parsed["--format"] ?? "text" {
      case "json": console.out(JSONOutput.array(rows.map(view.json)).pretty() + "\n")
      case "csv": console.out(view.table(rows).csv(headers: Table.Headers.both))
      default:
        console.text(
          ([
            l.pick(
              "Công nhận của \(code) và các đơn vị trước, sau nó:",
              "Recognition of \(code) and the units before and after it:"),
            policy.sentence(l),
          ] + rows.map(view.periodLine)).joined(separator: "\n") + "\n")
      }
      return leftOut
    }
    let rows = view.recognised(on: day)
    switch parsed["--format"] ?? "text" {
    case "json":
      console.out(JSONOutput.array(rows.map(view.json)).pretty() + "\n")
    case "csv":
      console.out(view.table(rows).csv(headers: Table.Headers.both))
    default:
      var lines = [
        l.pick(
          "Các xã được công nhận ngày \(day.vietnamese): \(rows.count)",
          "Communes recognised on \(day.iso): \(rows.count)"),
        policy.sentence(l),
      ]
      lines += rows.map(view.line)
      console.text(lines.joined(separator: "\n") + "\n")
    }
    return leftOut
  }
}
