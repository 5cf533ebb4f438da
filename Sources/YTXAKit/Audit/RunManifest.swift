import Foundation
import YTXAFormats

/// `manifest.json`: what a batch run read and wrote, so that the run can be checked later
/// (`ytxa verify`): the engine, the exact command line and the options in effect, the SHA-256 of
/// every file the result depends on (criteria, unit registry, the earlier run compared with,
/// every input) and of every output, and when the run started and ended.
public struct RunManifest: Sendable, Equatable {
  /// The manifest format this build writes and reads.
  public static let formatVersion = 1
  /// The largest manifest `verify` reads (a national run lists about 100,000 inputs).
  static let limit = FileSystem.Limit(bytes: 256 << 20)

  /// A file and its digest; `sha256` is `nil` for an input that could not be read (`error`
  /// says why), `rows` is given for a table.
  public struct File: Sendable, Equatable {
    public var path: String
    public var sha256: String?
    public var bytes: Int?
    public var rows: Int?
    public var error: String?

    public init(
      path: String, sha256: String?, bytes: Int?, rows: Int? = nil, error: String? = nil
    ) {
      self.path = path
      self.sha256 = sha256
      self.bytes = bytes
      self.rows = rows
      self.error = error
    }
  }

  /// A criteria file the run used: to score (`scoring`) or to compare with (`comparison`).
  public struct Criteria: Sendable, Equatable {
    public var role: String
    public var id: String
    public var legalBasis: [String]
    public var file: String
    public var bundled: Bool
    public var sha256: String

    public init(role: String, set: CriteriaSet) {
      self.role = role
      id = set.id
      legalBasis = set.legalBasis.map(\.number)
      file = set.source?.file ?? ""
      bundled = set.source?.isBundled ?? false
      sha256 = set.source?.sha256 ?? ""
    }

    init(
      role: String, id: String, legalBasis: [String], file: String, bundled: Bool, sha256: String
    ) {
      self.role = role
      self.id = id
      self.legalBasis = legalBasis
      self.file = file
      self.bundled = bundled
      self.sha256 = sha256
    }
  }

  public var engineVersion: String
  /// The arguments after `ytxa`, exactly as given.
  public var arguments: [String]
  /// The folder relative paths were read from.
  public var workingDirectory: String
  /// The options in effect (defaults included), by name.
  public var options: [String: String]
  public var started: String
  public var finished: String
  public var criteria: [Criteria]
  /// The registry of units the communes were resolved against (`nil`: `--units off`).
  public var registry: File?
  /// The earlier run's `results.jsonl` (`--previous`).
  public var previous: File?
  /// The path the run read (a folder, or a table), and whether it is a table.
  public var input: String
  public var inputIsTable: Bool
  public var inputs: [File]
  public var outputs: [File]

  public init(
    engineVersion: String, arguments: [String], workingDirectory: String,
    options: [String: String], started: String, finished: String, criteria: [Criteria],
    registry: File?, previous: File?, input: String, inputIsTable: Bool, inputs: [File],
    outputs: [File]
  ) {
    self.engineVersion = engineVersion
    self.arguments = arguments
    self.workingDirectory = workingDirectory
    self.options = options
    self.started = started
    self.finished = finished
    self.criteria = criteria
    self.registry = registry
    self.previous = previous
    self.input = input
    self.inputIsTable = inputIsTable
    self.inputs = inputs
    self.outputs = outputs
  }

  /// A time as the manifest writes it: `2026-11-29T23:50:01Z` (UTC, seconds).
  public static func timestamp(_ date: Date) -> String {
    let seconds = Int(date.timeIntervalSince1970.rounded(.down))
    let day = Day(daysSince1970: Int32(seconds.quotientAndRemainder(dividingBy: 86_400).quotient))
    let second = seconds % 86_400
    func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return day.iso + "T" + two(second / 3600) + ":" + two(second / 60 % 60) + ":"
      + two(second % 60) + "Z"
  }

  /// The manifest's bytes (pretty JSON), written piece by piece: the
  /// input list can hold every commune of the country.
  public func write<Failure: Error>(_ emit: ([UInt8]) throws(Failure) -> Void) throws(Failure) {
    try write(inputs: inputs, emit)
  }

  /// The manifest's bytes with `inputs` as its list of inputs (made as they are written, so
  /// that a national run's list is never held whole).
  public func write<Failure: Error>(
    inputs: some Sequence<File>, _ emit: ([UInt8]) throws(Failure) -> Void
  ) throws(Failure) {
    var writer = JSONWriter(sink: [UInt8](), pretty: true)
    func drain(_ force: Bool = false) throws(Failure) {
      guard force || writer.sink.count >= 1 << 16 else { return }
      try emit(writer.sink)
      writer.sink.removeAll(keepingCapacity: true)
    }
    // Members in key order, as every JSON output of ytxa.
    writer.beginObject()
    writer.key("command")
    writer.value(
      .object([
        "arguments": .array(arguments.map { .string($0) }),
        "workingDirectory": .string(workingDirectory),
      ]))
    writer.key("criteria")
    writer.value(.array(criteria.map(\.jsonOutput)))
    writer.key("engine")
    writer.value(.object(["name": .string("ytxa"), "version": .string(engineVersion)]))
    writer.key("finished")
    writer.string(finished)
    writer.key("input")
    writer.value(.object(["path": .string(input), "table": .bool(inputIsTable)]))
    writer.key("inputs")
    writer.beginArray()
    for file in inputs as any Sequence<File> {
      writer.value(file.jsonOutput)
      try drain()
    }
    writer.endArray()
    writer.key("manifestVersion")
    writer.int(Self.formatVersion)
    writer.key("options")
    var members: JSONOutput.Members = [:]
    for (key, value) in options { members[key] = .string(value) }
    writer.value(.object(members))
    writer.key("outputs")
    writer.value(.array(outputs.map(\.jsonOutput)))
    writer.key("previous")
    writer.value(previous?.jsonOutput ?? .null)
    writer.key("registry")
    writer.value(registry?.jsonOutput ?? .null)
    writer.key("started")
    writer.string(started)
    writer.endObject()
    writer.sink.append(UInt8(ascii: "\n"))
    try drain(true)
  }
}

extension RunManifest.File {
  var jsonOutput: JSONOutput {
    var members: JSONOutput.Members = [
      "path": .string(path), "sha256": sha256.map { .string($0) } ?? .null,
      "bytes": bytes.map { .int($0) } ?? .null,
    ]
    members["rows"] = rows.map { .int($0) }
    members["error"] = error.map { .string($0) }
    return .object(members)
  }
}

extension RunManifest.Criteria {
  var jsonOutput: JSONOutput {
    .object([
      "role": .string(role), "id": .string(id),
      "legalBasis": .array(legalBasis.map { .string($0) }), "file": .string(file),
      "bundled": .bool(bundled), "sha256": .string(sha256),
    ])
  }
}
