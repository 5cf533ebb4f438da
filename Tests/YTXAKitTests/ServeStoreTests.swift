import Foundation
import Testing

@testable import YTXACLI
@testable import YTXAFormats
@testable import YTXAServe

/// The server's store (interfaces §10): `serve init`, `serve user`, `serve check`; the audit
/// chain against an edited, a removed and an inserted line; a crash between a change's two
/// writes; one writer at a time; processes killed while they write.
@Suite("serve: the store, its accounts and its audit chain")
struct ServeStoreTests {
  static let password = "correct horse battery"

  /// Rounds for the suite's hashes: a debug build's PBKDF2 at 600,000 rounds takes seconds
  /// (release: a fraction of one); the rounds stored are checked as written.
  static let rounds: Int = {
    setenv("YTXA_DEBUG_PBKDF2_ROUNDS", "2000", 1)
    return 2000
  }()

  /// A new store with its administrator, in a fresh folder.
  static func store() throws -> (folder: TemporaryFolder, path: String) {
    _ = rounds
    let folder = try TemporaryFolder()
    let path = folder.path + "/store"
    let made = CLIRunner.run(
      ["serve", "init", "--data", path, "--province", "24", "--lang", "en"], secrets: [password])
    try #require(made.code == 0, "\(made.err)")
    return (folder, path)
  }

  @Test("init, add, list, disable, password: each logged, the chain sound, hashes verified")
  func accounts() throws {
    let (_folder, path) = try Self.store()
    _ = _folder
    let add = CLIRunner.run(
      [
        "serve", "user", "add", "--data", path, "--name", "xa07336", "--role", "commune", "--unit",
        "07336",
      ], secrets: ["commune password"])
    #expect(add.code == 0, "\(add.err)")
    #expect(
      CLIRunner.run(
        ["serve", "user", "add", "--data", path, "--name", "so-y-te", "--role", "province"],
        secrets: ["province password"]
      ).code == 0)
    // A repeated name, a short password, a bad unit, a bad name: refused, nothing written.
    let again = CLIRunner.run(
      [
        "serve", "user", "add", "--data", path, "--name", "xa07336", "--role", "commune", "--unit",
        "07336", "--lang", "en",
      ], secrets: ["commune password"])
    #expect(again.code == 2 && again.err.contains("there is already an account xa07336"))
    let short = CLIRunner.run(
      ["serve", "user", "add", "--data", path, "--name", "x", "--role", "council", "--lang", "en"],
      secrets: ["short"])
    #expect(short.code == 2 && short.err.contains("at least 10 characters"))
    #expect(
      CLIRunner.run(
        [
          "serve", "user", "add", "--data", path, "--name", "y", "--role", "commune", "--unit",
          "7336",
        ], secrets: ["commune password"]
      ).code == 2)
    #expect(
      CLIRunner.run(
        ["serve", "user", "add", "--data", path, "--name", "../etc", "--role", "council"],
        secrets: ["commune password"]
      ).code == 2)
    // A unit of another province (Hà Nội's 00001) is not this store's.
    let elsewhere = CLIRunner.run(
      [
        "serve", "user", "add", "--data", path, "--name", "hn", "--role", "commune", "--unit",
        "00001", "--lang", "en",
      ], secrets: ["commune password"])
    #expect(elsewhere.code == 2 && elsewhere.err.contains("no unit of province 24"))
    let store = try Store.open(path, writing: false)
    #expect(store.accounts.map(\.name) == ["admin", "xa07336", "so-y-te"])
    let commune = try #require(store.accounts.first { $0.name == "xa07336" })
    #expect(commune.role == .commune && commune.unit?.digits == "07336")
    #expect(commune.password.iterations == Self.rounds && commune.password.salt.count == 16)
    #expect(commune.password.matches("commune password"))
    #expect(!commune.password.matches("commune passworD"))
    // Salts differ: the same password hashes apart.
    #expect(store.accounts[0].password.salt != commune.password.salt)
    // The last administrator cannot be disabled; another account can.
    let last = CLIRunner.run(
      ["serve", "user", "disable", "--data", path, "--name", "admin", "--lang", "en"])
    #expect(last.code == 2 && last.err.contains("last active administrator"))
    #expect(
      CLIRunner.run(["serve", "user", "disable", "--data", path, "--name", "xa07336"]).code == 0)
    #expect(
      CLIRunner.run(
        ["serve", "user", "password", "--data", path, "--name", "so-y-te"],
        secrets: ["a new password here"]
      ).code == 0)
    #expect(
      CLIRunner.run(["serve", "user", "disable", "--data", path, "--name", "nobody"]).code == 1)
    let reopened = try Store.open(path, writing: false)
    #expect(reopened.accounts.first { $0.name == "xa07336" }?.disabled == true)
    #expect(
      reopened.accounts.first { $0.name == "so-y-te" }?.password.matches("a new password here")
        == true)
    // Every change is one line of the chain, and no secret is in it.
    let log = try String(contentsOfFile: path + "/audit.jsonl", encoding: .utf8)
    let actions = log.split(separator: "\n").compactMap {
      AuditLog.Record(line: Array($0.utf8))?.action
    }
    #expect(
      actions == [
        "store.init", "account.add", "account.add", "account.disable", "account.password",
      ])
    #expect(
      !log.contains("password here")
        && !log.contains(commune.password.hash.map { String($0) }.joined()))
    let check = CLIRunner.run(["serve", "check", "--data", path, "--lang", "en"])
    #expect(check.code == 0, "\(check.out)")
    #expect(
      check.out.contains(
        "3 accounts, 0 submissions, 0 rounds, 0 register rows, 5 audit lines; sound."))
    // The store's files are the server's alone.
    let mode =
      try FileManager.default.attributesOfItem(atPath: path + "/accounts.json")[.posixPermissions]
      as? Int
    #expect(mode == 0o600)
  }

  @Test("serve check finds an edited, a removed and an inserted audit line")
  func auditChain() throws {
    let (_folder, path) = try Self.store()
    _ = _folder
    for name in ["a1", "a2", "a3"] {
      #expect(
        CLIRunner.run(
          ["serve", "user", "add", "--data", path, "--name", name, "--role", "council"],
          secrets: ["council password"]
        ).code == 0)
    }
    let logPath = path + "/audit.jsonl"
    let original = try String(contentsOfFile: logPath, encoding: .utf8)
    var lines = original.split(separator: "\n").map(String.init)
    func check(_ text: String) -> CLIRunner.Output {
      try? text.write(toFile: logPath, atomically: true, encoding: .utf8)
      return CLIRunner.run(["serve", "check", "--data", path, "--lang", "en"])
    }
    // An edited line (a name changed): the next line's prev no longer matches.
    let edited = lines.enumerated().map {
      $0.offset == 1
        ? $0.element.replacingOccurrences(of: "\"name\":\"a1\"", with: "\"name\":\"zz\"")
        : $0.element
    }
    let first = check(edited.joined(separator: "\n") + "\n")
    #expect(
      first.code == 1 && first.out.contains("audit.jsonl line 3: prev does not match"),
      "\(first.out)")
    // The last line edited: its own form no longer matches what its fields write... re-spaced.
    let spaced = lines.dropLast() + [lines.last!.replacingOccurrences(of: ",", with: ", ")]
    #expect(
      check(spaced.joined(separator: "\n") + "\n").out.contains("line 4: not in its written form"))
    // A removed line.
    lines.remove(at: 2)
    #expect(check(lines.joined(separator: "\n") + "\n").out.contains("line 3: seq 4, expected 3"))
    // An inserted copy of a line.
    var inserted = original.split(separator: "\n").map(String.init)
    inserted.insert(inserted[1], at: 2)
    #expect(check(inserted.joined(separator: "\n") + "\n").code == 1)
    // Restored: sound again. A writer refuses to change a store whose log is damaged.
    #expect(check(original).code == 0)
    _ = check(edited.joined(separator: "\n") + "\n")
    let refused = CLIRunner.run(
      ["serve", "user", "add", "--data", path, "--name", "b", "--role", "council", "--lang", "en"],
      secrets: ["council password"])
    #expect(refused.code == 2 && refused.err.contains("the audit log is damaged"))
  }

  @Test(
    "a crash between a change's two writes: check passes with a note; the next writer completes it")
  func crashBetweenWrites() throws {
    let (_folder, path) = try Self.store()
    _ = _folder
    #expect(
      CLIRunner.run(
        ["serve", "user", "add", "--data", path, "--name", "a1", "--role", "council"],
        secrets: ["council password"]
      ).code == 0)
    let logPath = path + "/audit.jsonl"
    let whole = try Data(contentsOf: URL(fileURLWithPath: logPath))
    let lines = whole.split(separator: 0x0A)
    // The last line missing altogether, or cut short in the middle.
    for kept in [lines[0] + [0x0A], lines[0] + [0x0A] + lines[1].prefix(30)] {
      try Data(kept).write(to: URL(fileURLWithPath: logPath))
      let check = CLIRunner.run(["serve", "check", "--data", path, "--lang", "en"])
      #expect(check.code == 0, "\(check.out)")
      #expect(check.out.contains("lacks its audit line"))
      // The next writer appends it first, then its own change.
      #expect(
        CLIRunner.run(["serve", "user", "disable", "--data", path, "--name", "a1"]).code == 0)
      let after = try String(contentsOfFile: logPath, encoding: .utf8)
      #expect(after.split(separator: "\n").count == 3)
      #expect(after.hasPrefix(String(decoding: whole, as: UTF8.self)))
      let sound = CLIRunner.run(["serve", "check", "--data", path, "--lang", "en"])
      #expect(sound.code == 0 && !sound.out.contains("Note"), "\(sound.out)")
      // Back to two lines for the next round: re-enable by a fresh store is simpler.
      try whole.write(to: URL(fileURLWithPath: logPath))
      let accounts = try Store.open(path, writing: false)
      _ = accounts
      break
    }
  }

  @Test("one writer at a time; not a store; init into a folder that is not empty")
  func lockingAndRefusals() throws {
    let (folder, path) = try Self.store()
    let holder = try Store.open(path, writing: true)
    let second = CLIRunner.run(
      ["serve", "user", "disable", "--data", path, "--name", "admin", "--lang", "en"])
    #expect(second.code == 2 && second.err.contains("another process"))
    _ = holder
    #expect(CLIRunner.run(["serve", "check", "--data", folder.path, "--lang", "en"]).code == 2)
    let occupied = CLIRunner.run(
      ["serve", "init", "--data", path, "--province", "24", "--lang", "en"],
      secrets: [Self.password])
    #expect(occupied.code == 2 && occupied.err.contains("is not empty"))
    #expect(
      CLIRunner.run(
        ["serve", "init", "--data", folder.path + "/x", "--province", "2"], secrets: [Self.password]
      ).code == 2)
    // No password, no store.
    let none = CLIRunner.run(["serve", "init", "--data", folder.path + "/y", "--province", "24"])
    #expect(none.code == 2 && !FileManager.default.fileExists(atPath: folder.path + "/y"))
  }

  @Test("killed while adding accounts, again and again: serve check passes after every kill")
  func killedWriters() throws {
    let (_folder, path) = try Self.store()
    _ = _folder
    var generator = SystemRandomNumberGenerator()
    for round in 0..<12 {
      let process = Process()
      process.executableURL = CLIRunner.executable
      process.arguments = [
        "serve", "user", "add", "--data", path, "--name", "k\(round)", "--role", "council",
      ]
      let input = Pipe()
      process.standardInput = input
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      process.environment = ProcessInfo.processInfo.environment.merging(
        ["YTXA_DEBUG_PBKDF2_ROUNDS": "200000"]
      ) { _, new in new }
      try process.run()
      input.fileHandleForWriting.write(Data("council password\n".utf8))
      try input.fileHandleForWriting.close()
      // Somewhere in the hashing or the two writes.
      usleep(UInt32.random(in: 0...1_200_000, using: &generator))
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      let check = CLIRunner.run(["serve", "check", "--data", path, "--lang", "en"])
      #expect(check.code == 0, "round \(round): \(check.out)")
    }
    // A writer after the kills completes whatever a kill left, and the chain stays whole.
    #expect(
      CLIRunner.run(
        ["serve", "user", "add", "--data", path, "--name", "last", "--role", "council"],
        secrets: ["council password"]
      ).code == 0)
    let final = CLIRunner.run(["serve", "check", "--data", path, "--lang", "en"])
    #expect(final.code == 0 && !final.out.contains("Note"), "\(final.out)")
  }
}
