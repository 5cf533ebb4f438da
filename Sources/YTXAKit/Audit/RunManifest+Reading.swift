import YTXAFormats

/// Why a manifest cannot be used: missing, unreadable, not JSON, or without a field `verify`
/// needs.
public struct ManifestError: Error, Sendable, CustomStringConvertible {
  public var file: String
  public var message: Message

  public var description: String { "\(file): \(message.english)" }
}

extension RunManifest {
  /// Reads and checks `manifest.json` (a regular file, at most 256 MiB), its inputs all held.
  public init(contentsOf path: String) throws(ManifestError) {
    var inputs: [File] = []
    var manifest = try Self.stream(contentsOf: path) { inputs.append($0) }
    manifest.inputs = inputs
    self = manifest
  }

  /// Reads and checks `manifest.json` a piece at a time: the returned manifest holds all but
  /// the inputs (its ``inputs`` is empty), which are handed to `input` one at a time, in order,
  /// as they are read; so memory does not grow with the number of inputs (``verify`` at
  /// national scale).
  public static func stream(
    contentsOf path: String, input: (File) throws(ManifestError) -> Void
  ) throws(ManifestError) -> RunManifest {
    let file = OSName.display(path)
    let reader = Reader(file: file)
    var splitter = InputsSplitter()
    var index = 0
    let pieces: FileSystem.Pieces
    do throws(FileSystem.Failure) {
      pieces = try FileSystem.Pieces(path, limit: Self.limit)
    } catch {
      throw ManifestError(file: file, message: error.message)
    }
    while true {
      let piece: ArraySlice<UInt8>?
      do throws(FileSystem.Failure) {
        piece = try pieces.next()
      } catch {
        throw ManifestError(file: file, message: error.message)
      }
      guard let piece else { break }
      for byte in piece {
        guard let element = try splitter.take(byte, file: file) else { continue }
        let value: JSONValue
        do {
          value = try JSONParser.parse(element)
        } catch {
          throw reader.failure("inputs[\(index)]", error.message)
        }
        try input(try reader.file(value, "inputs[\(index)]")!)
        index += 1
      }
    }
    let root: JSONValue
    do {
      root = try JSONParser.parse(splitter.outer)
    } catch {
      throw ManifestError(file: file, message: error.message)
    }
    return try RunManifest(root: root, reader: reader)
  }

  /// Splits a manifest's bytes into the elements of its top-level `inputs` array (each handed
  /// out whole, at most 1 MiB) and the rest (kept, with `inputs` left as `[]`, at most 16 MiB),
  /// following JSON's strings and nesting; the JSON itself is checked by the parser after.
  struct InputsSplitter {
    private(set) var outer: [UInt8] = []
    private var element: [UInt8] = []
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var string: [UInt8] = []
    /// The last string closed at depth 1, while it may still be a key.
    private var key: [UInt8]?
    private var afterColon = false
    private var inInputs = false

    /// Takes one byte; returns an element of `inputs` when this byte ends one.
    mutating func take(_ byte: UInt8, file: String) throws(ManifestError) -> [UInt8]? {
      if inInputs, depth >= 2, !(depth == 2 && byte == UInt8(ascii: "]") && !inString) {
        element.append(byte)
        guard element.count <= 1 << 20 else {
          throw ManifestError(
            file: file,
            message: Message(
              "một mục của inputs dài quá 1 MiB", "an entry of inputs is longer than 1 MiB"))
        }
      } else {
        outer.append(byte)
        guard outer.count <= 16 << 20 else {
          throw ManifestError(
            file: file,
            message: Message(
              "bản kê (trừ inputs) dài quá 16 MiB", "the manifest (inputs aside) passes 16 MiB"))
        }
      }
      if inString {
        if escaped {
          escaped = false
        } else if byte == UInt8(ascii: "\\") {
          escaped = true
        } else if byte == UInt8(ascii: "\"") {
          inString = false
          if depth == 1 { key = string }
        } else if depth == 1, string.count < 16 {
          string.append(byte)
        }
        return nil
      }
      switch byte {
      case UInt8(ascii: "\""):
        inString = true
        string = []
      case UInt8(ascii: ":"):
        afterColon = depth == 1 && key == Array("inputs".utf8)
        key = nil
        return nil
      case UInt8(ascii: "["), UInt8(ascii: "{"):
        depth += 1
        if depth == 2, afterColon, byte == UInt8(ascii: "[") { inInputs = true }
      case UInt8(ascii: "]"), UInt8(ascii: "}"):
        depth -= 1
        if inInputs, depth == 1 {
          // The end of inputs: a last element that is not an object is handed out too (and
          // refused by the reader).
          inInputs = false
          defer { element = [] }
          let last = trimmed(element)
          return last.isEmpty ? nil : last
        }
        if inInputs, depth == 2, byte == UInt8(ascii: "}") {
          defer { element = [] }
          return trimmed(element)
        }
      case UInt8(ascii: ","):
        if inInputs, depth == 2 {
          // Between elements: the comma is not part of either; what stands before it and is
          // not an object is handed out (and refused by the reader).
          element.removeLast()
          defer { element = [] }
          let before = trimmed(element)
          return before.isEmpty ? nil : before
        }
      default: break
      }
      if byte != 0x20, byte != 0x0A, byte != 0x0D, byte != 0x09 { afterColon = false }
      return nil
    }

    private func trimmed(_ bytes: [UInt8]) -> [UInt8] {
      Array(
        bytes.drop {
          $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == UInt8(ascii: ",")
        })
    }
  }

  /// The manifest of a parsed document (its inputs, if any, read from it too).
  private init(root: JSONValue, reader: Reader) throws(ManifestError) {
    guard case .object(let object) = root else {
      throw reader.failure("(root)", Message("phải là một đối tượng JSON", "must be a JSON object"))
    }
    guard object["manifestVersion"] == .number(String(Self.formatVersion)) else {
      throw reader.failure(
        "manifestVersion",
        Message(
          "phải là \(Self.formatVersion) (bản kê do ytxa này ghi)",
          "must be \(Self.formatVersion) (a manifest this ytxa writes)"))
    }
    let command = try reader.object(object, "command")
    let criteriaList = try reader.array(object, "criteria")
    self.init(
      engineVersion: try reader.string(try reader.object(object, "engine"), "version"),
      arguments: try reader.strings(command, "arguments"),
      workingDirectory: try reader.string(command, "workingDirectory"),
      options: try reader.stringMap(object, "options"),
      started: try reader.string(object, "started"),
      finished: try reader.string(object, "finished"),
      criteria: try criteriaList.enumerated().map { index, value throws(ManifestError) in
        let entry = try reader.object(value, "criteria[\(index)]")
        return Criteria(
          role: try reader.string(entry, "role"), id: try reader.string(entry, "id"),
          legalBasis: try reader.strings(entry, "legalBasis"),
          file: try reader.string(entry, "file"), bundled: try reader.bool(entry, "bundled"),
          sha256: try reader.string(entry, "sha256"))
      },
      registry: try reader.file(object["registry"], "registry", optional: true),
      previous: try reader.file(object["previous"], "previous", optional: true),
      input: try reader.string(try reader.object(object, "input"), "path"),
      inputIsTable: try reader.bool(try reader.object(object, "input"), "table"),
      inputs: try reader.array(object, "inputs").enumerated().map {
        index, value throws(ManifestError) in
        try reader.file(value, "inputs[\(index)]")!
      },
      outputs: try reader.array(object, "outputs").enumerated().map {
        index, value throws(ManifestError) in
        try reader.file(value, "outputs[\(index)]")!
      })
    guard arguments.first == "batch" else {
      throw reader.failure(
        "command.arguments", Message("không phải lệnh ytxa batch", "is not a ytxa batch command"))
    }
  }

  /// Reads the manifest's fields, each failure naming its path.
  private struct Reader {
    var file: String

    func failure(_ path: String, _ message: Message) -> ManifestError {
      ManifestError(file: file, message: Message(verbatim: path + ": ") + message)
    }

    func object(_ value: JSONValue?, _ path: String) throws(ManifestError) -> JSONObject {
      guard case .object(let object)? = value else {
        throw failure(
          path, Message("thiếu, hoặc không phải một đối tượng", "missing or not an object"))
      }
      return object
    }

    func object(_ parent: JSONObject, _ key: String) throws(ManifestError) -> JSONObject {
      try object(parent[key], key)
    }

    func array(_ parent: JSONObject, _ key: String) throws(ManifestError) -> [JSONValue] {
      guard case .array(let list)? = parent[key] else {
        throw failure(key, Message("thiếu, hoặc không phải một mảng", "missing or not an array"))
      }
      return list
    }

    func string(_ parent: JSONObject, _ key: String) throws(ManifestError) -> String {
      guard case .string(let text)? = parent[key] else {
        throw failure(key, Message("thiếu, hoặc không phải một chuỗi", "missing or not a string"))
      }
      return text
    }

    func bool(_ parent: JSONObject, _ key: String) throws(ManifestError) -> Bool {
      guard case .bool(let flag)? = parent[key] else {
        throw failure(
          key, Message("thiếu, hoặc không phải true/false", "missing or not true/false"))
      }
      return flag
    }

    func strings(_ parent: JSONObject, _ key: String) throws(ManifestError) -> [String] {
      try array(parent, key).map { value throws(ManifestError) in
        guard case .string(let text) = value else {
          throw failure(key, Message("chỉ được chứa chuỗi", "must hold strings only"))
        }
        return text
      }
    }

    func stringMap(_ parent: JSONObject, _ key: String) throws(ManifestError) -> [String: String] {
      var map: [String: String] = [:]
      for member in try object(parent, key).members {
        guard case .string(let text) = member.value else {
          throw failure(key + "." + member.key, Message("phải là một chuỗi", "must be a string"))
        }
        map[member.key] = text
      }
      return map
    }

    func file(_ value: JSONValue?, _ path: String, optional: Bool = false) throws(ManifestError)
      -> RunManifest.File?
    {
      if optional, value == nil || value == .null { return nil }
      let entry = try object(value, path)
      func number(_ key: String) throws(ManifestError) -> Int? {
        switch entry[key] {
        case nil, .null?: return nil
        case .number(let text)?:
          guard let value = Int(text), value >= 0 else { fallthrough }
          return value
        default:
          throw failure(
            path + "." + key, Message("phải là một số nguyên ≥ 0", "must be a whole number ≥ 0"))
        }
      }
      let sha256: String?
      switch entry["sha256"] {
      case .string(let text)? where text.utf8.count == 64: sha256 = text
      case .null?: sha256 = nil
      default:
        throw failure(
          path + ".sha256",
          Message("phải là 64 chữ số hệ 16 hoặc null", "must be 64 hex digits or null"))
      }
      return RunManifest.File(
        path: try string(entry, "path"), sha256: sha256, bytes: try number("bytes"),
        rows: try number("rows"), error: entry["error"]?.stringValue)
    }
  }
}
