import Foundation
import YTXAFormats
import YTXAKit
import YTXAServe

/// `ytxa serve init|user|check` (interfaces §10): the server's store and its accounts. Passwords
/// are read from the terminal (not echoed) or from standard input, never from an argument.
enum ServeCommand {
  static let data = CommandSpec.Option(
    "--data", value: "DIR", help: "The store's folder.", vi: "Thư mục kho dữ liệu.")
  static let lang = CommandSpec.Option(
    "--lang", value: "LANG", allowed: ["vi", "en"], help: "Language (default vi).",
    vi: "Ngôn ngữ (mặc định vi).")

  static let initSpec = CommandSpec(
    name: "serve init",
    summary: "Create the server's store and its first administrator.",
    summaryVi: "Tạo kho dữ liệu của máy chủ và quản trị viên đầu tiên.",
    options: [
      data,
      .init(
        "--province", value: "CODE", help: "The province the store serves (2 digits).",
        vi: "Tỉnh mà kho phục vụ (2 chữ số)."),
      .init(
        "--admin", value: "NAME", help: "The administrator's account name (default admin).",
        vi: "Tên tài khoản quản trị (mặc định admin)."),
      lang,
    ],
    discussion: """
      DIR must not exist or be empty. The password is read from the terminal (asked twice, not
      shown) or, when standard input is not a terminal, from its first line; at least 10
      characters. Exit codes: 0 created; 2 bad usage or the store could not be made.
      """,
    discussionVi: """
      DIR phải chưa có hoặc trống. Mật khẩu được đọc từ bàn phím (hỏi hai lần, không hiện) hoặc,
      khi đầu vào chuẩn không phải bàn phím, từ dòng đầu của nó; ít nhất 10 ký tự. Mã thoát: 0 đã
      tạo; 2 dùng sai lệnh hoặc không tạo được kho.
      """)

  static let userSpec = CommandSpec(
    name: "serve user",
    summary: "Accounts: add, list, disable, password.",
    summaryVi: "Tài khoản: thêm, liệt kê, khóa, đổi mật khẩu.",
    positionals: "add|list|disable|password", minimumPositionals: 1, maximumPositionals: 1,
    options: [
      data,
      .init("--name", value: "NAME", help: "The account's name.", vi: "Tên tài khoản."),
      .init(
        "--role", value: "ROLE", allowed: Role.allCases.map(\.rawValue),
        help: "add: commune, province, council or admin.",
        vi: "add: commune, province, council hoặc admin."),
      .init(
        "--unit", value: "CODE", help: "add --role commune: the commune's code (5 digits).",
        vi: "add --role commune: mã xã (5 chữ số)."),
      .init(
        "--province", value: "CODE",
        help: "add --role province|council|admin: the province (default the store's).",
        vi: "add --role province|council|admin: tỉnh (mặc định tỉnh của kho)."),
      .init(
        "--account-lang", value: "LANG", allowed: ["vi", "en"],
        help: "add: the language of the account's pages (default vi).",
        vi: "add: ngôn ngữ các trang của tài khoản (mặc định vi)."),
      lang,
    ],
    discussion: """
      add and password read the password as 'serve init' does. The store is locked while a
      command or the server writes to it: stop 'ytxa serve' first. Every change is in the audit
      log. Exit codes: 0 done; 1 nothing to do (no such account); 2 bad usage or store problem.
      """,
    discussionVi: """
      add và password đọc mật khẩu như 'serve init'. Kho bị khóa khi một lệnh hoặc máy chủ đang
      ghi: dừng 'ytxa serve' trước. Mọi thay đổi đều ghi vào nhật ký kiểm tra. Mã thoát: 0 đã làm;
      1 không có tài khoản đó; 2 dùng sai lệnh hoặc lỗi kho.
      """)

  static let checkSpec = CommandSpec(
    name: "serve check",
    summary: "Verify the store: its files and the audit log's chain.",
    summaryVi: "Kiểm tra kho: các tệp và chuỗi nhật ký kiểm tra.",
    options: [data, lang],
    discussion: """
      Reads without changing anything (a running server may hold the store). Exit codes: 0 the
      store is sound; 1 problems, each named; 2 not a store.
      """,
    discussionVi: """
      Chỉ đọc, không thay đổi gì (máy chủ có thể đang chạy). Mã thoát: 0 kho lành; 1 có vấn đề,
      từng vấn đề được nêu; 2 không phải kho dữ liệu.
      """)

  static let exportSpec = CommandSpec(
    name: "serve export",
    summary: "Write the store as plain files: a backup, and the commands' inputs.",
    summaryVi: "Ghi kho ra các tệp thường: bản sao lưu, và đầu vào của các lệnh.",
    options: [
      data,
      .init(
        "--out", value: "FOLDER", help: "The folder to write (must not exist yet).",
        vi: "Thư mục để ghi (chưa được có)."),
      lang,
    ],
    discussion: """
      Reads while a server runs (what the audit log holds when it starts). Writes the store's
      files (store.json, accounts.json, audit.jsonl, submissions/, register/), rounds/R/ (each
      round's current submissions by commune code), latest/ (each commune's latest submission
      as an evidence file, CODE.json) and manifest.json (every file's SHA-256). 'ytxa serve check --data FOLDER' verifies the
      copy; 'ytxa roadmap --register FOLDER/register', 'ytxa council --round R FOLDER/rounds/R'
      and 'ytxa batch FOLDER/latest' read it. The copy holds the accounts' password hashes:
      keep it as the store is kept. Exit codes: 0 written; 2 bad usage or not written.
      """,
    discussionVi: """
      Đọc được khi máy chủ đang chạy (những gì nhật ký có lúc bắt đầu). Ghi các tệp của kho
      (store.json, accounts.json, audit.jsonl, submissions/, register/), rounds/R/ (hồ sơ đang
      nộp của từng đợt, theo mã xã), latest/ (hồ sơ mới nhất của từng xã, thành tệp số liệu
      CODE.json) và manifest.json
      (SHA-256 của mọi tệp). 'ytxa serve check --data FOLDER' kiểm tra bản sao; 'ytxa roadmap
      --register FOLDER/register', 'ytxa council --round R FOLDER/rounds/R' và 'ytxa batch
      FOLDER/latest' đọc được nó. Bản sao có mã băm mật khẩu của các tài khoản: giữ như giữ kho.
      Mã thoát: 0 đã ghi; 2 dùng sai lệnh hoặc không ghi được.
      """)

  static let serveSpec = CommandSpec(
    name: "serve",
    summary: "Serve the store's pages and API to browsers (HTTP/1.1).",
    summaryVi: "Phục vụ các trang và API của kho cho trình duyệt (HTTP/1.1).",
    options: [
      data,
      .init(
        "--listen", value: "HOST:PORT",
        help: "The IPv4 address and port to listen on (default 127.0.0.1:8080).",
        vi: "Địa chỉ IPv4 và cổng (mặc định 127.0.0.1:8080)."),
      .init(
        "--behind-https",
        help: "Behind a TLS reverse proxy: cookies are marked Secure.",
        vi: "Đứng sau một reverse proxy TLS: cookie được đánh dấu Secure."),
      .init(
        "--max-upload", value: "BYTES",
        help: "The largest request body accepted (default 26214400, 25 MB).",
        vi: "Thân yêu cầu lớn nhất được nhận (mặc định 26214400, 25 MB)."),
      lang,
    ],
    discussion: """
      Holds the store's lock while it runs (one server per store). Prints the address it
      listens on, then serves until stopped. Put it behind a TLS reverse proxy for any network
      but the machine itself (see Documentation/Server.md).
      """,
    discussionVi: """
      Giữ khóa của kho trong khi chạy (mỗi kho một máy chủ). In địa chỉ đang nghe, rồi phục vụ
      đến khi bị dừng. Đặt sau một reverse proxy TLS cho mọi mạng ngoài chính máy đó (xem
      Documentation/Server.md).
      """)

  static func run(_ arguments: [String], console: Console) -> Int32 {
    let rest = Array(arguments.dropFirst())
    if let first = arguments.first, first.hasPrefix("--"), !["--help", "-h"].contains(first) {
      return serve(arguments, console: console)
    }
    switch arguments.first {
    case "init": return create(rest, console: console)
    case "user": return user(rest, console: console)
    case "check": return check(rest, console: console)
    case "export": return export(rest, console: console)
    default:
      console.out(
        UsageError.language(of: arguments).pick(
          "TỔNG QUAN: Kho dữ liệu và tài khoản của máy chủ ytxa.\n\n"
            + "CÁCH DÙNG: ytxa serve --data DIR [--listen HOST:PORT] [--behind-https]\n"
            + "           ytxa serve init --data DIR --province CODE [--admin NAME]\n"
            + "           ytxa serve user add|list|disable|password --data DIR ...\n"
            + "           ytxa serve check --data DIR\n"
            + "           ytxa serve export --data DIR --out FOLDER\n\n"
            + "Xem chi tiết: 'ytxa serve init --help'.\n",
          "OVERVIEW: The ytxa server's store and accounts.\n\n"
            + "USAGE: ytxa serve --data DIR [--listen HOST:PORT] [--behind-https]\n"
            + "       ytxa serve init --data DIR --province CODE [--admin NAME]\n"
            + "       ytxa serve user add|list|disable|password --data DIR ...\n"
            + "       ytxa serve check --data DIR\n"
            + "       ytxa serve export --data DIR --out FOLDER\n\n"
            + "Run 'ytxa serve init --help' for details.\n"))
      return arguments.isEmpty || ["--help", "-h"].contains(arguments[0])
        ? ExitCode.success : ExitCode.usage
    }
  }

  /// `ytxa serve --data DIR`: listens until stopped.
  static func serve(_ arguments: [String], console: Console) -> Int32 {
    let (parsed, code) = YTXACommand.parse(serveSpec, arguments, console: console)
    guard let parsed else { return code }
    let l = parsed.language
    guard let folder = required(parsed, "--data", console: console) else {
      return ExitCode.usage
    }
    var settings = HTTPServer.Settings()
    if let listen = parsed["--listen"] {
      let sides = listen.split(separator: ":", omittingEmptySubsequences: false)
      guard sides.count == 2, let port = UInt16(sides[1]) else {
        console.error(
          "--listen: cần HOST:PORT như 127.0.0.1:8080, gặp \"\(listen.abbreviated)\".",
          "--listen: HOST:PORT such as 127.0.0.1:8080 is needed, found \"\(listen.abbreviated)\".",
          l)
        return ExitCode.usage
      }
      settings.host = String(sides[0])
      settings.port = port
    }
    if let text = parsed["--max-upload"] {
      guard let bytes = Int(text), (1...(1 << 30)).contains(bytes) else {
        console.error(
          "--max-upload: cần số byte từ 1 đến 1073741824.",
          "--max-upload: a number of bytes from 1 to 1073741824 is needed.", l)
        return ExitCode.usage
      }
      settings.limits.body = bytes
    }
    let server: HTTPServer
    do throws(StoreError) {
      let store = try Store.open(folder, writing: true)
      let app = try ServeApp(
        store: store, engine: engine, secureCookies: parsed.flags.contains("--behind-https"))
      server = try HTTPServer(settings: settings) { request, peer in
        app.handle(request, peer: peer)
      }
      // The engine's commands are given the store's files relative to it: what they print names
      // `submissions/ID.json`, not the server's folders.
      guard FileManager.default.changeCurrentDirectoryPath(store.folder) else {
        throw StoreError.system(store.folder, errno)
      }
    } catch {
      console.error(error.message, l)
      return ExitCode.usage
    }
    console.out(
      l.pick("Đang nghe: ", "Listening on: ") + "http://\(settings.host):\(server.port)/\n")
    server.run()
  }

  /// The engine's commands run in this process for the server's pages: the same code as at a
  /// terminal, their output captured.
  static let engine = ServeApp.Engine { arguments in
    let out = Captured()
    let err = Captured()
    let console = Console(
      out: { out.append(Array($0.utf8)) }, err: { err.append(Array($0.utf8)) },
      outBytes: { out.append($0) })
    let code = YTXACommand.run(arguments, console: console)
    return (code, out.bytes, String(decoding: err.bytes, as: UTF8.self))
  }

  /// Bytes collected from a command's output.
  final class Captured: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [UInt8] = []
    func append(_ more: [UInt8]) { lock.withLock { stored += more } }
    var bytes: [UInt8] { lock.withLock { stored } }
  }

  /// The shortest password accepted.

  /// A new password: at a terminal asked twice; else one line of standard input.
  static func newPassword(_ language: Language, console: Console) -> String? {
    guard let first = console.secret(language.pick("Mật khẩu: ", "Password: ")) else {
      console.error(
        "không đọc được mật khẩu (từ bàn phím hoặc đầu vào chuẩn).",
        "no password could be read (from the terminal or standard input).", language)
      return nil
    }
    if let problem = Store.passwordProblem(first) {
      console.error(problem.message, language)
      return nil
    }
    if isatty(STDIN_FILENO) == 1 {
      guard console.secret(language.pick("Nhập lại: ", "Again: ")) == first else {
        console.error("hai lần nhập không khớp.", "the two entries differ.", language)
        return nil
      }
    }
    return first
  }

  static func required(_ parsed: ParsedArguments, _ name: String, console: Console) -> String? {
    guard let value = parsed[name] else {
      console.err(
        UsageError.missingOption(name, of: "serve").text(parsed.language) + "\n")
      return nil
    }
    return value
  }

  static func create(_ arguments: [String], console: Console) -> Int32 {
    let (parsed, code) = YTXACommand.parse(initSpec, arguments, console: console)
    guard let parsed else { return code }
    let l = parsed.language
    guard let folder = required(parsed, "--data", console: console),
      let provinceText = required(parsed, "--province", console: console)
    else { return ExitCode.usage }
    guard let province = ProvinceCode(provinceText) else {
      console.error(
        "--province: mã tỉnh có 2 chữ số, gặp \"\(provinceText.abbreviated)\".",
        "--province: a province code has 2 digits, found \"\(provinceText.abbreviated)\".", l)
      return ExitCode.usage
    }
    let admin = parsed["--admin"] ?? "admin"
    guard Account.isValidName(admin) else {
      console.error(Store.badName(admin).message, l)
      return ExitCode.usage
    }
    guard let password = newPassword(l, console: console) else { return ExitCode.usage }
    do {
      try Store.create(
        folder: folder, province: province, admin: admin, password: password,
        at: AuditLog.timestamp())
    } catch {
      console.error(error.message, l)
      return ExitCode.usage
    }
    console.out(
      l.pick(
        "Đã tạo kho \(OSName.display(folder)) cho tỉnh \(province.digits); quản trị viên: "
          + "\(admin).\n",
        "Created the store \(OSName.display(folder)) for province \(province.digits); "
          + "administrator: \(admin).\n"))
    return ExitCode.success
  }

  static func user(_ arguments: [String], console: Console) -> Int32 {
    let (parsed, code) = YTXACommand.parse(userSpec, arguments, console: console)
    guard let parsed else { return code }
    let l = parsed.language
    guard let folder = required(parsed, "--data", console: console) else {
      return ExitCode.usage
    }
    let action = parsed.positionals[0]
    guard ["add", "list", "disable", "password"].contains(action) else {
      console.error(
        "serve user: cần add, list, disable hoặc password, gặp \"\(action.abbreviated)\".",
        "serve user: add, list, disable or password is needed, found \"\(action.abbreviated)\".",
        l)
      return ExitCode.usage
    }
    let store: Store
    do {
      store = try Store.open(folder, writing: action != "list")
    } catch {
      console.error(error.message, l)
      return ExitCode.usage
    }
    if action == "list" {
      let lines = store.accounts.map { account in
        [
          account.name, account.role.rawValue,
          account.unit?.digits ?? account.province?.digits ?? "",
          account.disabled ? l.pick("đã khóa", "disabled") : l.pick("hoạt động", "active"),
        ].joined(separator: "\t")
      }
      console.text(lines.joined(separator: "\n") + "\n")
      return ExitCode.success
    }
    guard let name = required(parsed, "--name", console: console) else { return ExitCode.usage }
    guard Account.isValidName(name) else {
      console.error(Store.badName(name).message, l)
      return ExitCode.usage
    }
    let exists = store.accounts.contains { $0.name == name }
    guard exists || action == "add" else { return noSuchAccount(name, l, console) }
    let time = AuditLog.timestamp()
    do throws(StoreError) {
      switch action {
      case "add":
        guard let roleName = required(parsed, "--role", console: console),
          let role = Role(rawValue: roleName)
        else { return ExitCode.usage }
        if role == .commune, parsed["--unit"] == nil {
          _ = required(parsed, "--unit", console: console)
          return ExitCode.usage
        }
        // The name and the unit are checked before the password is asked for.
        _ = try store.newAccount(
          name: name, role: role, unit: parsed["--unit"], province: parsed["--province"])
        guard let password = newPassword(l, console: console) else { return ExitCode.usage }
        try store.addAccount(
          name: name, role: role, unit: parsed["--unit"], province: parsed["--province"],
          language: parsed["--account-lang"] == "en" ? .en : .vi, password: password, actor: "-",
          at: time)
      case "disable":
        try store.disableAccount(name, actor: "-", at: time)
        Sessions.forget(name, in: store.folder)
      default:
        guard let password = newPassword(l, console: console) else { return ExitCode.usage }
        try store.setPassword(name, password, actor: "-", at: time)
        Sessions.forget(name, in: store.folder)
      }
    } catch {
      console.error(error.message, l)
      return ExitCode.usage
    }
    let done = ["add": "account.add", "disable": "account.disable"][action] ?? "account.password"
    console.out(l.pick("Đã ghi: \(done) \(name).\n", "Done: \(done) \(name).\n"))
    return ExitCode.success
  }

  private static func noSuchAccount(_ name: String, _ l: Language, _ console: Console) -> Int32 {
    console.error("không có tài khoản \(name).", "there is no account \(name).", l)
    return ExitCode.failure
  }

  static func check(_ arguments: [String], console: Console) -> Int32 {
    let (parsed, code) = YTXACommand.parse(checkSpec, arguments, console: console)
    guard let parsed else { return code }
    let l = parsed.language
    guard let folder = required(parsed, "--data", console: console) else {
      return ExitCode.usage
    }
    let store: Store
    do {
      store = try Store.open(folder, writing: false)
    } catch {
      console.error(error.message, l)
      return ExitCode.usage
    }
    let result = store.check()
    var lines = result.problems.map { l.pick("Vấn đề: ", "Problem: ") + $0 }
    lines += result.notes.map { l.pick("Ghi chú: ", "Note: ") + $0 }
    lines.append(
      l.pick(
        "Kho \(OSName.display(folder)): \(result.accounts) tài khoản, \(result.submissions) hồ sơ, "
          + "\(result.rounds) đợt, \(result.decisions) dòng sổ quyết định, \(result.auditLines) "
          + "dòng nhật ký; "
          + (result.problems.isEmpty ? "lành." : "\(result.problems.count) vấn đề."),
        "Store \(OSName.display(folder)): \(result.accounts) accounts, \(result.submissions) "
          + "submissions, \(result.rounds) rounds, \(result.decisions) register rows, "
          + "\(result.auditLines) audit lines; "
          + (result.problems.isEmpty ? "sound." : "\(result.problems.count) problems."))
    )
    console.text(lines.joined(separator: "\n") + "\n")
    return result.problems.isEmpty ? ExitCode.success : ExitCode.failure
  }

  /// `ytxa serve export --data DIR --out FOLDER`.
  static func export(_ arguments: [String], console: Console) -> Int32 {
    let (parsed, code) = YTXACommand.parse(exportSpec, arguments, console: console)
    guard let parsed else { return code }
    let l = parsed.language
    guard let folder = required(parsed, "--data", console: console),
      let out = required(parsed, "--out", console: console)
    else { return ExitCode.usage }
    do {
      let store = try Store.open(folder, writing: false)
      let made = try store.export(to: out, at: AuditLog.timestamp()) { path in
        let read = engine.run(["score", path, "--format", "evidence"])
        return read.code == 0 ? read.out : nil
      }
      console.text(
        l.pick(
          "Đã ghi \(OSName.display(out)): \(made.files) tệp, \(made.bytes) byte, "
            + "\(made.auditLines) dòng nhật ký; danh sách và SHA-256 ở manifest.json.\n",
          "Wrote \(OSName.display(out)): \(made.files) files, \(made.bytes) bytes, "
            + "\(made.auditLines) audit lines; the list and SHA-256s are in manifest.json.\n"))
      return ExitCode.success
    } catch {
      console.error(error.message, l)
      return ExitCode.usage
    }
  }
}
