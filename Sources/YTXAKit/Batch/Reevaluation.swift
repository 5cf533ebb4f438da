import Foundation
import YTXAFormats

/// A commune's standing in one run, for the re-evaluation view.
package struct CommuneStanding: Sendable, Hashable {
  public var code: CommuneCode
  public var name: String
  public var districtCode: DistrictCode?
  public var year: Int
  public var passed: Bool

  public init(
    code: CommuneCode, name: String, districtCode: DistrictCode?, year: Int, passed: Bool
  ) {
    self.code = code
    self.name = name
    self.districtCode = districtCode
    self.year = year
    self.passed = passed
  }
}

/// What changed since an earlier run (`--previous`).
public struct Reevaluation: Sendable {
  /// Passed before, fail now: to withdraw.
  package var toWithdraw: [(before: CommuneStanding, now: CommuneStanding)] = []
  /// Passed both times: to maintain.
  package var toMaintain: [(before: CommuneStanding, now: CommuneStanding)] = []
  /// Pass now and did not before (failed or absent): candidates.
  package var candidates: [(before: CommuneStanding?, now: CommuneStanding)] = []
  /// Passed before and absent from this run.
  package var notReassessed: [CommuneStanding] = []

  /// Compares the latest year of each commune in both runs.
  package init(previous: [CommuneStanding], current: [CommuneStanding]) {
    let before = Self.latest(previous)
    let now = Self.latest(current)
    for code in now.keys.sorted() {
      let current = now[code]!
      let earlier = before[code]
      switch (earlier?.passed, current.passed) {
      case (true?, false): toWithdraw.append((earlier!, current))
      case (true?, true): toMaintain.append((earlier!, current))
      case (_, true): candidates.append((earlier, current))
      default: break
      }
    }
    notReassessed = before.keys.sorted()
      .compactMap { code in
        guard now[code] == nil, let earlier = before[code], earlier.passed else { return nil }
        return earlier
      }
  }

  static func latest(_ standings: [CommuneStanding]) -> [CommuneCode: CommuneStanding] {
    var latest: [CommuneCode: CommuneStanding] = [:]
    for standing in standings {
      if let known = latest[standing.code], known.year >= standing.year { continue }
      latest[standing.code] = standing
    }
    return latest
  }

  /// Reads an earlier run's `results.jsonl`, streaming: a line at a time, and of each line
  /// only the commune, year and verdict (the rest is checked as JSON but not kept).
  package static func standings(resultsFile path: String) throws(EvidenceError) -> [CommuneStanding]
  {
    try standings(resultsFile: path, chunkSize: 1 << 20)
  }

  static func standings(resultsFile path: String, chunkSize: Int) throws(EvidenceError)
    -> [CommuneStanding]
  {
    let descriptor: Int32
    switch FileSystem.openRegular(path) {
    case .success(let opened): descriptor = opened.descriptor
    case .failure(let failure):
      throw .unreadable(
        file: OSName.display(path),
        reason: failure.message
          + Message(
            " (hãy chỉ ra thư mục của một lần chạy trước)", " (give the folder of an earlier run)"))
    }
    defer { close(descriptor) }
    let lineLimit = FileSystem.Limit.resultLine
    func tooLong() -> EvidenceError {
      .invalid(
        file: OSName.display(path), commune: nil,
        problems: [
          .init(
            indicator: nil, field: "line \(lineNumber + 1)",
            message: Message(
              "dài hơn \(lineLimit.described); một dòng kết quả của ytxa batch chỉ vài kB",
              "is longer than \(lineLimit.described); a result line of ytxa batch is a few kB"))
        ])
    }
    var standings: [CommuneStanding] = []
    var lineNumber = 0
    func take(_ line: ArraySlice<UInt8>) throws(EvidenceError) {
      lineNumber += 1
      guard !line.isEmpty else { return }
      standings.append(try Self.standing(line, number: lineNumber, file: path))
    }
    var pending: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: chunkSize)
    var total = 0
    while true {
      let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw .unreadable(file: path, reason: FileSystem.Failure(errno: errno).message)
      }
      if count == 0 { break }
      // A file that says it is empty and reads without end (`/proc/self/pagemap`) stops here.
      total += count
      if total > FileSystem.Limit.results.bytes {
        throw .unreadable(
          file: OSName.display(path),
          reason: Message(
            "dài hơn \(FileSystem.Limit.results.described); không phải results.jsonl của một lần chạy",
            "is longer than \(FileSystem.Limit.results.described); not the results.jsonl of a run"))
      }
      var start = 0
      for index in 0..<count where chunk[index] == UInt8(ascii: "\n") {
        if pending.isEmpty {
          if index - start > lineLimit.bytes { throw tooLong() }
          try take(chunk[start..<index])
        } else {
          pending += chunk[start..<index]
          if pending.count > lineLimit.bytes { throw tooLong() }
          try take(pending[...])
          pending.removeAll(keepingCapacity: true)
        }
        start = index + 1
      }
      pending += chunk[start..<count]
      if pending.count > lineLimit.bytes { throw tooLong() }
    }
    if !pending.isEmpty { try take(pending[...]) }
    return standings
  }

  /// One result line's standing: its commune, district, year and whether it passed.
  private static func standing(_ line: ArraySlice<UInt8>, number: Int, file: String)
    throws(EvidenceError) -> CommuneStanding
  {
    guard
      let object = try? JSONParser.parseObject(
        Array(line), keeping: ["commune", "year", "passed"]),
      let commune = object["commune"]?.objectValue,
      let code = commune["code"]?.stringValue.flatMap(CommuneCode.init),
      // A unit without a district (since 2025-07-01) has no `district` member.
      let district = Self.district(commune),
      case .number(let yearText)? = object["year"], let year = Int(yearText),
      Evidence.years.contains(year),
      case .bool(let passed)? = object["passed"]
    else {
      throw .invalid(
        file: file, commune: nil,
        problems: [
          .init(
            indicator: nil, field: "line \(number)",
            message: Message(
              "không phải dòng kết quả của ytxa batch (", "is not a result line of ytxa batch (")
              + "commune.code, commune.district.code, year, passed)")
        ])
    }
    return CommuneStanding(
      code: code, name: commune["name"]?.stringValue?.nfc ?? "", districtCode: district,
      year: year, passed: passed)
  }

  /// The district code of a result line's commune: `.some(nil)` when it has none (a unit since
  /// 2025-07-01), `nil` when the member is there but is not a district.
  private static func district(_ commune: JSONObject) -> DistrictCode?? {
    guard let member = commune["district"] else { return .some(nil) }
    guard let code = member.objectValue?["code"]?.stringValue.flatMap(DistrictCode.init) else {
      return nil
    }
    return .some(code)
  }
}
