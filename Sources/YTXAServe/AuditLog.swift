import Foundation
import YTXAFormats

/// The store's audit log, `DIR/audit.jsonl` (interfaces §10): one JSON object per line for every
/// change to the store, each holding `prev`, the SHA-256 of the line before it (64 zeros for the
/// first), so that an edited, inserted or removed line breaks the chain where it is.
package enum AuditLog {
  /// One change.
  package struct Record: Sendable, Equatable {
    /// 1 for the first line, then one more each line.
    package var seq: Int
    /// When, UTC, to the second (`2026-12-07T03:40:12Z`).
    package var at: String
    /// The account that made it (`-` for the command line before any account exists).
    package var actor: String
    /// What was done (`store.init`, `account.add`, `account.disable`, `account.password`, …).
    package var action: String
    /// What it was done to, as text (never a password or a token).
    package var details: [String: String]
    package var prev: String

    /// The line as written (compact JSON, keys sorted), without its newline.
    package var line: [UInt8] {
      var fields: JSONOutput.Members = [:]
      for (key, value) in details { fields[key] = .string(value) }
      return JSONOutput.object([
        "seq": .int(seq), "at": .string(at), "actor": .string(actor), "action": .string(action),
        "details": .object(fields), "prev": .string(prev),
      ]).bytes(pretty: false)
    }

    init(
      seq: Int, at: String, actor: String, action: String, details: [String: String], prev: String
    ) {
      self.seq = seq
      self.at = at
      self.actor = actor
      self.action = action
      self.details = details
      self.prev = prev
    }

    init?(line: [UInt8]) {
      guard case .object(let object)? = try? JSONParser.parse(line),
        case .number(let number)? = object["seq"], let seq = Int(number),
        case .string(let at)? = object["at"], case .string(let actor)? = object["actor"],
        case .string(let action)? = object["action"], case .object(let fields)? = object["details"],
        case .string(let prev)? = object["prev"]
      else { return nil }
      var details: [String: String] = [:]
      for member in fields.members {
        guard case .string(let value) = member.value else { return nil }
        details[member.key] = value
      }
      self.init(seq: seq, at: at, actor: actor, action: action, details: details, prev: prev)
    }
  }

  /// The `prev` of the first line.
  package static let origin = String(repeating: "0", count: 64)

  /// What reading the log found: its lines, and the first place the chain breaks.
  package struct Reading: Sendable {
    package var records: [Record] = []
    /// The SHA-256 of the last whole line (the next line's `prev`).
    package var lastHash = origin
    /// A last line cut short by a crash (no newline), to be completed from the store's pending
    /// change or dropped.
    package var torn: [UInt8]?
    /// Where the chain breaks, in words (a line number and what is wrong).
    package var problems: [String] = []
  }

  /// Reads and verifies the whole log (up to 256 MiB).
  package static func read(_ path: String) -> Reading {
    var reading = Reading()
    guard FileManager.default.fileExists(atPath: path) else { return reading }
    let bytes: [UInt8]
    switch FileSystem.read(path, limit: .table) {
    case .success(let read): bytes = read
    case .failure(let failure):
      reading.problems.append("audit.jsonl: " + failure.message.english)
      return reading
    }
    var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
    if let last = lines.last, last.isEmpty {
      lines.removeLast()
    } else if let last = lines.popLast() {
      reading.torn = Array(last)
    }
    for (index, line) in lines.enumerated() {
      let number = index + 1
      guard let record = Record(line: Array(line)) else {
        reading.problems.append("audit.jsonl line \(number): not an audit record")
        break
      }
      if record.seq != number {
        reading.problems.append(
          "audit.jsonl line \(number): seq \(record.seq), expected \(number) (a line removed or "
            + "inserted)")
        break
      }
      if record.prev != reading.lastHash {
        reading.problems.append(
          "audit.jsonl line \(number): prev does not match the line before (a line edited, "
            + "removed or inserted)")
        break
      }
      // The line must be exactly as written: a re-spaced or re-ordered line is an edit too.
      if record.line != Array(line) {
        reading.problems.append("audit.jsonl line \(number): not in its written form (edited)")
        break
      }
      reading.records.append(record)
      reading.lastHash = SHA256.hex(line)
    }
    return reading
  }

  /// Appends one line and syncs it to the disk.
  package static func append(_ record: Record, to path: String) throws(StoreError) {
    let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw StoreError.system(path, errno) }
    defer { close(descriptor) }
    let bytes = record.line + [0x0A]
    var written = 0
    while written < bytes.count {
      let count = bytes.withUnsafeBytes { pointer in
        Foundation.write(descriptor, pointer.baseAddress! + written, bytes.count - written)
      }
      if count < 0 {
        if errno == EINTR { continue }
        throw StoreError.system(path, errno)
      }
      written += count
    }
    guard fsync(descriptor) == 0 else { throw StoreError.system(path, errno) }
  }

  /// Now, UTC, to the second.
  package static func timestamp(_ date: Date = Date()) -> String {
    var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
    var parts = tm()
    gmtime_r(&seconds, &parts)
    func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
      + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
  }
}
