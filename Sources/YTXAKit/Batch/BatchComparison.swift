import YTXAFormats

/// Counts of a `--compare-criteria` run, per district and for the whole run: how many communes
/// pass under each set, how many gain and how many lose the standard.
package struct ComparisonTally: Sendable, Hashable {
  public var communes = 0
  public var passedBefore = 0
  public var passedAfter = 0
  /// Fail under the run's set, pass under the other.
  public var gained = 0
  /// Pass under the run's set, fail under the other (or cannot be scored under it).
  public var lost = 0
  /// Communes whose verdict or total changes (the lines of `compare.jsonl`).
  public var changed = 0
  /// Communes whose evidence cannot be scored under the other set.
  public var notScoredAfter = 0

  mutating func add(_ record: BatchRecord, passedAfter after: Bool?, changed isChanged: Bool) {
    communes += 1
    if record.passed { passedBefore += 1 }
    if after == true { passedAfter += 1 }
    if after == nil { notScoredAfter += 1 }
    if !record.passed, after == true { gained += 1 }
    if record.passed, after != true { lost += 1 }
    if isChanged { changed += 1 }
  }

  func jsonOutput() -> JSONOutput {
    .object([
      "communes": .int(communes), "passedBefore": .int(passedBefore),
      "passedAfter": .int(passedAfter), "gained": .int(gained), "lost": .int(lost),
      "changed": .int(changed), "notScoredAfter": .int(notScoredAfter),
    ])
  }
}

extension BatchSummary {
  /// The set a comparison scored with, as `summary.json` names it.
  public struct ComparedSet: Sendable, Hashable {
    public var id: String
    public var legalBasis: [String]
    public var unverified: Int
    public var indicators: Int
    public var source: CriteriaSource?

    init(_ set: CriteriaSet) {
      id = set.id
      legalBasis = set.legalBasis.map(\.number)
      unverified = set.unverifiedCount
      indicators = set.indicators.count
      source = set.source
    }
  }

  /// `"comparison"` of `summary.json`: the other set, and the counts for the province and each
  /// district.
  func comparisonJSON(_ other: ComparedSet) -> JSONOutput {
    .object([
      "criteriaSet": JSONOutput.object([
        "id": .string(other.id), "legalBasis": .array(other.legalBasis.map { .string($0) }),
        "unverifiedIndicators": .int(other.unverified), "indicators": .int(other.indicators),
      ]).adding("criteriaFile", other.source?.jsonOutput),
      "province": compared.jsonOutput(),
      "districts": .array(
        districts.map { district in
          .object([
            "code": district.code.map { .string($0.digits) } ?? .null,
            "name": .string(district.name), "summary": district.compared.jsonOutput(),
          ])
        }),
    ])
  }
}
