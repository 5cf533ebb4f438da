import YTXAFormats

/// Why a manifest cannot be used: missing, unreadable, not JSON, or without a field `verify`
/// needs.
public struct ManifestError: Error, Sendable, CustomStringConvertible {
  public var file: String
  public var message: Message

  public var description: String { "\(file): \(message.english)" }
}

extension RunManifest {
  /// Reads and checks `manifest.json` (a regular file, at most 256 MiB).
  public init(contentsOf path: String) throws(ManifestError) {
    let file = OSName.display(path)
    let bytes: [UInt8]
    switch FileSystem.read(path, limit: Self.limit) {
    case .success(let read): bytes = read
    case .failure(let failure): throw ManifestError(file: file, message: failure.message)
    }
    let root: JSONValue
    do {
      root = try JSONParser.parse(bytes)
    } catch {
      throw ManifestError(file: file, message: error.message)
    }
    let reader = Reader(file: file)
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
