import Foundation
import Synchronization
import Testing

@testable import YTXACLI
@testable import YTXAFormats
@testable import YTXAServe

/// The province's cycle on `ytxa serve` (issue 30) through the JSON API on a real socket: a
/// round opened, submitted to, returned, resubmitted and closed; the papers, the draft rows, the
/// register and the roadmap the same bytes as the commands print; decisions recorded from the
/// draft rows and a bad file refused whole; the export read back by the commands; another
/// province's account sees nothing; the server killed while closing rounds and recording
/// decisions.
@Suite("serve: the province's round, the register, the roadmap, the export")
struct ServeRoundTests {
  typealias HTTP = ServeHTTPTests
  typealias Session = (cookie: String, csrf: String)

  static let samples = TestSets.root.path + "/Samples/bac-giang"

  /// An API request with the session's cookie and (for POST) its CSRF token.
  static func api(
    _ port: UInt16, _ session: Session, _ method: String, _ path: String, _ body: String = "",
    type: String = "application/json", fileName: String? = nil
  ) -> HTTP.Reply? {
    var headers =
      method == "POST" ? ["X-CSRF-Token: \(session.csrf)", "Content-Type: \(type)"] : []
    if let fileName { headers.append("X-Filename: \(fileName)") }
    return HTTP.request(port, method, path, cookie: session.cookie, headers: headers, body: body)
  }

  static func object(_ reply: HTTP.Reply?) -> [String: Any] {
    (reply.flatMap { try? JSONSerialization.jsonObject(with: Data($0.body.utf8)) } as? [String: Any])
      ?? [:]
  }

  /// Uploads a sample as `session`'s commune: its id.
  static func upload(_ port: UInt16, _ session: Session, _ sample: String) throws -> String {
    let body = try String(contentsOfFile: samples + "/" + sample, encoding: .utf8)
    let reply = try #require(
      api(port, session, "POST", "/api/submissions", body, fileName: "e.json"))
    try #require(reply.status == 201, "\(reply.body)")
    return try #require(object(reply)["id"] as? String)
  }

  /// The draft rows of a round filled as the office would: a number and a signing day.
  static func filled(_ draft: String, number: String, day: String) -> String {
    // Rows end in CRLF (one Character in Swift): every data row begins with its two blanks.
    draft.replacingOccurrences(of: "\r\n\"\",\"\",", with: "\r\n\"\(number)\",\"\(day)\",")
  }

  @Test("a round through the API: open, submit, return, resubmit, papers, decisions, close")
  func cycle() throws {
    let server = try HTTP.Running()
    let port = server.port
    let folder = server.store.folder
    func signIn(_ name: String) throws -> Session {
      try #require(HTTP.signIn(port, name, "password of \(name)"))
    }
    let so = try signIn("so")
    let hd = try signIn("hd")
    let a = try signIn("xa07339")
    let b = try signIn("xa07210")

    // Opening: the province only, once, one open round at a time.
    let opened = Self.api(
      port, so, "POST", "/api/rounds", #"{"round": "2025-12", "deadline": "2099-12-31"}"#)
    #expect(opened?.status == 201, "\(opened?.body ?? "")")
    #expect(
      Self.api(port, so, "POST", "/api/rounds", #"{"round": "2025-12", "deadline": "2099-12-31"}"#)?
        .status == 409)
    #expect(
      Self.api(port, so, "POST", "/api/rounds", #"{"round": "2026-06", "deadline": "2099-12-31"}"#)?
        .status == 409, "a second round while one is open")
    #expect(
      Self.api(port, so, "POST", "/api/rounds", #"{"round": "2025-13", "deadline": "2099-12-31"}"#)?
        .status == 409)
    #expect(
      Self.api(port, hd, "POST", "/api/rounds", #"{"round": "2026-06", "deadline": "2099-12-31"}"#)?
        .status == 403)

    // Two communes submit; one cannot submit the other's file, nor a file of another month.
    let first = try Self.upload(port, a, "2025-12/07339.json")
    let second = try Self.upload(port, b, "2025-12/07210.json")
    let otherMonth = try Self.upload(port, b, "2026/07210.json")
    #expect(
      Self.api(port, a, "POST", "/api/rounds/2025-12/submit", #"{"submission": "\#(first)"}"#)?
        .status == 200)
    #expect(
      Self.api(port, b, "POST", "/api/rounds/2025-12/submit", #"{"submission": "\#(first)"}"#)?
        .status == 404)
    let wrongMonth = Self.api(
      port, b, "POST", "/api/rounds/2025-12/submit", #"{"submission": "\#(otherMonth)"}"#)
    #expect(wrongMonth?.status == 422 && wrongMonth?.body.contains("2025-12") == true)
    #expect(
      Self.api(port, b, "POST", "/api/rounds/2025-12/submit", #"{"submission": "\#(second)"}"#)?
        .status == 200)

    // Returned with a comment: the commune sees it, and only its own entries; it resubmits.
    #expect(
      Self.api(
        port, a, "POST", "/api/rounds/2025-12/return",
        #"{"submission": "\#(second)", "comment": "x"}"#)?.status == 403)
    #expect(
      Self.api(
        port, so, "POST", "/api/rounds/2025-12/return", #"{"submission": "\#(second)"}"#)?.status
        == 409, "a return without a comment")
    #expect(
      Self.api(
        port, so, "POST", "/api/rounds/2025-12/return",
        #"{"submission": "\#(second)", "comment": "Thiếu biên bản họp"}"#)?.status == 200)
    let seen = Self.object(Self.api(port, b, "GET", "/api/rounds/2025-12"))
    let seenEntries = seen["submissions"] as? [[String: Any]] ?? []
    #expect(seenEntries.count == 1)
    #expect(seenEntries.first?["state"] as? String == "returned")
    #expect(seenEntries.first?["comment"] as? String == "Thiếu biên bản họp")
    #expect(
      Self.api(port, b, "POST", "/api/rounds/2025-12/submit", #"{"submission": "\#(second)"}"#)?
        .status == 200)
    let round = Self.object(Self.api(port, hd, "GET", "/api/rounds/2025-12"))
    #expect(
      (round["submissions"] as? [[String: Any]] ?? []).map { $0["state"] as? String ?? "" } == [
        "submitted", "returned", "submitted",
      ])
    #expect(round["open"] as? Bool == true)

    // The papers and the draft rows: what `ytxa council` prints for the round's files.
    let files = [first, second].map { folder + "/submissions/" + $0 + ".json" }
    let council = CLIRunner.run(
      ["council", "--round", "2025-12", "--register", folder + "/register"] + files)
    let papers = try #require(Self.api(port, hd, "GET", "/api/rounds/2025-12/papers.html"))
    #expect(papers.status == 200 && papers.body == council.out, "papers differ from council")
    #expect(papers.header("content-security-policy").first?.contains("script") == false)
    let draftCLI = CLIRunner.run(
      ["council", "--round", "2025-12", "--register", folder + "/register", "--format", "csv"]
        + files)
    let draft = try #require(Self.api(port, so, "GET", "/api/rounds/2025-12/decisions.csv"))
    #expect(draft.status == 200 && draft.body == draftCLI.out)
    #expect(Self.api(port, hd, "GET", "/api/rounds/2025-12/decisions.csv")?.status == 403)
    let workbook = try #require(Self.api(port, hd, "GET", "/api/rounds/2025-12/check.xlsx"))
    #expect(workbook.status == 200 && workbook.body.hasPrefix("PK"))
    #expect(workbook.header("content-type") == [ServeApp.xlsxType])

    // Decisions: a bad file refused whole, the filled draft kept; the register as the command
    // reads it.
    let bad = try #require(
      Self.api(
        port, so, "POST", "/api/register",
        "decision,signedOn,kind,commune_code,commune_name\n"
          + "1/QĐ-UBND,2026-13-01,công nhận,07210,Phường Bắc Giang\n", type: "text/csv",
        fileName: "bad.csv"))
    #expect(bad.status == 422)
    let badErrors = Self.object(bad)["errors"] as? [[String: Any]] ?? []
    #expect(
      badErrors.first?["file"] as? String == "bad.csv" && badErrors.first?["row"] as? Int == 2)
    #expect(Self.object(bad)["added"] as? Int == 0)
    let rows = Self.filled(draft.body, number: "123/QĐ-UBND", day: "2026-11-20")
    let recorded = try #require(
      Self.api(port, so, "POST", "/api/register", rows, type: "text/csv", fileName: "qd.csv"))
    #expect(recorded.status == 201, "\(recorded.body) \(rows)")
    #expect(Self.object(recorded)["added"] as? Int == 1)
    #expect(Self.api(port, hd, "POST", "/api/register", rows, type: "text/csv")?.status == 403)
    let registerCLI = CLIRunner.run(
      ["register", "check", folder + "/register", "--format", "csv"])
    let register = try #require(Self.api(port, hd, "GET", "/api/register.csv"))
    #expect(register.body == registerCLI.out && register.body.contains("123/QĐ-UBND"))
    let roadmapCLI = CLIRunner.run(
      ["roadmap", "--register", folder + "/register", "--format", "json"])
    let roadmap = try #require(Self.api(port, so, "GET", "/api/roadmap"))
    #expect(roadmap.status == 200 && roadmap.body == roadmapCLI.out)

    // The plans of the province from the latest submissions, and the May re-evaluation.
    let plans = try #require(Self.api(port, hd, "GET", "/plans"))
    #expect(plans.body.contains("/plan?id=tan-yen-2024") && !plans.body.contains("ha-noi"))
    let planCLI = CLIRunner.run(
      [
        "plan", "--plan", "tan-yen-2024", "--evidence", folder + "/latest", "--register",
        folder + "/register", "--format", "csv",
      ])
    let plan = try #require(Self.api(port, so, "GET", "/api/plan.csv?id=tan-yen-2024"))
    #expect(plan.status == 200 && plan.body == planCLI.out)
    #expect(Self.api(port, so, "GET", "/plan?id=ha-noi-kh239-2024")?.status == 404)
    #expect(Self.api(port, hd, "GET", "/api/reevaluation.zip")?.status == 403)
    let may = try #require(Self.api(port, so, "GET", "/api/reevaluation.zip"))
    #expect(may.status == 200 && may.header("content-type") == ["application/zip"])
    #expect(may.body.contains("danh-gia-lai/manifest.json"))

    // Closed: no more submissions or returns.
    #expect(Self.api(port, so, "POST", "/api/rounds/2025-12/close")?.status == 200)
    #expect(
      Self.api(port, a, "POST", "/api/rounds/2025-12/submit", #"{"submission": "\#(first)"}"#)?
        .status == 409)
    #expect(Self.api(port, so, "POST", "/api/rounds/2025-12/close")?.status == 409)

    // The export: a store `serve check` passes, read back by the commands to the same results.
    let out = server.folder.path + "/export"
    let export = CLIRunner.run(["serve", "export", "--data", folder, "--out", out, "--lang", "en"])
    #expect(export.code == 0, "\(export.err)")
    let checked = CLIRunner.run(["serve", "check", "--data", out, "--lang", "en"])
    #expect(
      checked.code == 0 && checked.out.contains("1 rounds, 1 register rows"), "\(checked.out)")
    let exported = CLIRunner.run(["roadmap", "--register", out + "/register", "--format", "json"])
    #expect(exported.out == roadmapCLI.out)
    let listed = try FileManager.default.contentsOfDirectory(atPath: out + "/rounds/2025-12")
    #expect(listed.sorted() == ["07210.json", "07339.json"])
    // A byte changed in the copy is found.
    let copy = out + "/register/000001.csv"
    try (String(contentsOfFile: copy, encoding: .utf8) + " ").write(
      toFile: copy, atomically: true, encoding: .utf8)
    let broken = CLIRunner.run(["serve", "check", "--data", out, "--lang", "en"])
    #expect(broken.code == 1 && broken.out.contains("register/000001.csv"), "\(broken.out)")
  }

  @Test("another province's account sees nothing of this one; a council account changes nothing")
  func otherProvince() throws {
    let server = try HTTP.Running()
    let port = server.port
    let so = try #require(HTTP.signIn(port, "so", "password of so"))
    let other = try #require(HTTP.signIn(port, "so01", "password of so01"))
    #expect(
      Self.api(port, so, "POST", "/api/rounds", #"{"round": "2025-12", "deadline": "2099-12-31"}"#)?
        .status == 201)
    #expect(Self.api(port, other, "GET", "/api/rounds")?.body.contains("2025-12") == false)
    #expect(Self.api(port, other, "GET", "/api/rounds/2025-12")?.status == 404)
    #expect(Self.api(port, other, "GET", "/rounds/2025-12")?.status == 404)
    #expect(Self.api(port, other, "GET", "/rounds")?.status == 404)
    #expect(Self.api(port, other, "GET", "/register")?.status == 404)
    #expect(Self.api(port, other, "GET", "/api/roadmap")?.status == 403)
    #expect(Self.api(port, other, "GET", "/api/register.csv")?.status == 403)
    #expect(Self.api(port, other, "POST", "/api/rounds/2025-12/close")?.status == 404)
    #expect(
      Self.api(port, other, "POST", "/api/register", "decision\n", type: "text/csv")?.status == 403)
    #expect(
      Self.api(
        port, other, "POST", "/api/rounds", #"{"round": "2026-06", "deadline": "2099-12-31"}"#)?
        .status == 403)
    // No route that changes anything lets a council account in.
    for route in ServeApp.routes where route.method == .post && route.path != "/logout" {
      if case .signedIn(let roles) = route.access {
        #expect(!roles.contains(.council), "POST \(route.path) lets a council account in")
      }
    }
  }

  @Test("the server killed while closing rounds and recording decisions: serve check passes")
  func killedDuringRoundsAndDecisions() throws {
    let (_folder, path) = try ServeStoreTests.store()
    _ = _folder
    for (name, role, extra) in [
      ("so", "province", [String]()), ("xa07210", "commune", ["--unit", "07210"]),
    ] {
      let made = CLIRunner.run(
        ["serve", "user", "add", "--data", path, "--name", name, "--role", role] + extra,
        secrets: ["password of \(name)"])
      try #require(made.code == 0, "\(made.err)")
    }
    let sample = try String(contentsOfFile: Self.samples + "/2025-12/07210.json", encoding: .utf8)
    var generator = SystemRandomNumberGenerator()
    for round in 0..<8 {
      let (process, port) = try HTTP.startServer(path)
      let so = try #require(HTTP.signIn(port, "so", "password of so"))
      let commune = try #require(HTTP.signIn(port, "xa07210", "password of xa07210"))
      let month = "2025-" + (round < 9 ? "0" : "") + String(round + 1)
      let worker = Thread {
        // A round left open by the last kill is closed first.
        let list = Self.api(port, so, "GET", "/api/rounds")
        let rounds =
          (list.flatMap { try? JSONSerialization.jsonObject(with: Data($0.body.utf8)) }
            as? [[String: Any]]) ?? []
        for open in rounds where open["open"] as? Bool == true {
          _ = Self.api(port, so, "POST", "/api/rounds/\(open["round"] as? String ?? "")/close")
        }
        _ = Self.api(
          port, so, "POST", "/api/rounds", #"{"round": "\#(month)", "deadline": "2099-12-31"}"#)
        let body = sample.replacingOccurrences(of: "2025-12-10", with: month + "-10")
        let upload = Self.api(port, commune, "POST", "/api/submissions", body, fileName: "e.json")
        if let id = upload.map(Self.object)?["id"] as? String {
          _ = Self.api(
            port, commune, "POST", "/api/rounds/\(month)/submit", #"{"submission": "\#(id)"}"#)
        }
        _ = Self.api(port, so, "POST", "/api/rounds/\(month)/close")
      }
      let recorder = Thread {
        for number in 0..<10 {
          let day = "2026-11-" + (number < 9 ? "0" : "") + String(number + 1)
          _ = Self.api(
            port, so, "POST", "/api/register",
            "decision,signedOn,kind,commune_code,commune_name\n"
              + "\(round * 10 + number)/QĐ-UBND,\(day),công nhận,07210,Phường Bắc Giang\n",
            type: "text/csv", fileName: "qd.csv")
        }
      }
      worker.start()
      recorder.start()
      usleep(UInt32.random(in: 50_000...1_500_000, using: &generator))
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      let check = CLIRunner.run(["serve", "check", "--data", path, "--lang", "en"])
      #expect(check.code == 0, "round \(round): \(check.out)")
    }
    // Whatever got through is whole: every register file its recorded bytes, nothing stray once
    // the store is opened again.
    let store = try Store.open(path, writing: true)
    #expect(!store.ledger.register.isEmpty, "no decision got through before the kills")
    let files = try FileManager.default.contentsOfDirectory(atPath: path + "/register")
    #expect(Set(files.map { "register/" + $0 }) == Set(store.ledger.register.map(\.file)))
    let final = CLIRunner.run(["serve", "check", "--data", path, "--lang", "en"])
    #expect(final.code == 0 && !final.out.contains("Problem"), "\(final.out)")
  }

  @Test("two uploads of the same decision at once: one kept, the other refused as a repeat")
  func concurrentDecisions() throws {
    let server = try HTTP.Running()
    let port = server.port
    let so = try #require(HTTP.signIn(port, "so", "password of so"))
    let body =
      "decision,signedOn,kind,commune_code,commune_name\n"
      + "77/QĐ-UBND,2026-11-02,recognition,07210,Phường Bắc Giang\n"
    let statuses = Mutex<[Int]>([])
    let group = DispatchGroup()
    for _ in 0..<2 {
      DispatchQueue.global().async(group: group) {
        let reply = Self.api(port, so, "POST", "/api/register", body, type: "text/csv")
        statuses.withLock { $0.append(reply?.status ?? 0) }
      }
    }
    group.wait()
    #expect(statuses.withLock { $0.sorted() } == [201, 422])
    #expect(server.store.ledger.register.count == 1)
  }

  @Test(
    "the administrator's pages: accounts added, disabled, a password set, by serve user's rules")
  func administrator() throws {
    let server = try HTTP.Running()
    let port = server.port
    let admin = try #require(HTTP.signIn(port, "admin", ServeStoreTests.password))
    func form(_ path: String, _ body: String) -> HTTP.Reply? {
      HTTP.request(
        port, "POST", path, cookie: admin.cookie,
        headers: ["Content-Type: application/x-www-form-urlencoded"],
        body: body + "&csrf=" + admin.csrf)
    }
    // Added through the page, under serve user's rules (a unit of another province refused).
    #expect(
      form(
        "/admin/accounts",
        "name=xa07213&role=commune&unit=07213&language=vi&password=new+password+1"
      )?.status == 303)
    let elsewhere = form(
      "/admin/accounts", "name=xa00004&role=commune&unit=00004&password=new+password+1")
    #expect(elsewhere?.status == 422 && elsewhere?.body.contains("00004") == true)
    #expect(
      form("/admin/accounts", "name=short&role=province&password=short")?.body.contains("10 ký tự")
        == true)
    let signedIn = try #require(HTTP.signIn(port, "xa07213", "new password 1"))
    #expect(Self.api(port, signedIn, "GET", "/api/session")?.status == 200)
    // A new password ends the account's sessions; so does disabling it.
    #expect(
      form("/admin/accounts/password", "name=xa07213&password=other+password+2")?.status == 303)
    #expect(Self.api(port, signedIn, "GET", "/api/session")?.status == 401)
    let again = try #require(HTTP.signIn(port, "xa07213", "other password 2"))
    #expect(form("/admin/accounts/disable", "name=xa07213")?.status == 303)
    #expect(Self.api(port, again, "GET", "/api/session")?.status == 401)
    #expect(HTTP.signIn(port, "xa07213", "other password 2") == nil)
    #expect(form("/admin/accounts/disable", "name=admin")?.status == 422, "the last administrator")
    // The audit log, read: every change by the administrator, the chain whole.
    let audit = try #require(HTTP.request(port, "GET", "/admin/audit", cookie: admin.cookie))
    #expect(audit.body.contains("chuỗi SHA-256 liền mạch"))
    #expect(audit.body.contains("account.disable") && audit.body.contains("name=xa07213"))
    #expect(!audit.body.contains("other password"))
  }
}
