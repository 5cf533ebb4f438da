import YTXAFormats

/// `--compare-criteria`: each commune scored under its own set is scored again, from the same
/// input, under another set; a commune-year whose verdict or total changes gets a line of
/// `compare.jsonl`, made in the worker and kept in its scratch file until written in order.
extension BatchRunner {
  /// Where a comparison line lies in a worker's scratch file, and the verdict under the other
  /// set (`nil`: the evidence cannot be scored under it).
  package struct ComparisonMark: Sendable {
    var worker: Int32
    var offset: Int
    var length: Int32
    package var passedAfter: Bool?
  }

  /// A comparison line and the verdict under the other set, or `nil` when nothing changes.
  func compare(
    _ source: BatchSource, order: Int, before: PointsOnlyScore, set: CriteriaSet,
    other: CriteriaSet
  ) -> (line: [UInt8], passedAfter: Bool?)? {
    var after: PointsOnlyScore?
    var failure: Message?
    switch load(source, order: order, criteria: { _ in .success(other) }) {
    case .loaded(var evidence, _):
      do throws(EvidenceError) {
        try options.units?.resolve(&evidence)
        after = Scorer(criteria: other).pointsOnly(evidence)
      } catch {
        failure = error.messages.joined(separator: "; ")
      }
    case .rejected(let error): failure = error.message
    case .skipped: return nil
    }
    if let after, after.hasPassed == before.hasPassed,
      after.judgement.total == before.judgement.total
    {
      return nil
    }
    var line: [UInt8] = []
    line.reserveCapacity(512)
    line.put("{\"commune\":")
    _ = BatchLineWriter.appendCommune(before.commune, to: &line, namingFrom: 0)
    if let failure {
      line.put(",\"errorAfter\":")
      JSONOutput.appendString(options.language(failure), to: &line)
    }
    line.put(",\"file\":")
    JSONOutput.appendString(before.file, to: &line)
    line.put(",\"indicators\":[")
    if let after {
      for (index, id) in Self.differing(before, set, after, other).enumerated() {
        if index > 0 { line.put(",") }
        JSONOutput.appendString(id, to: &line)
      }
    }
    line.put("],\"maxAfter\":")
    Self.points(after?.judgement.maximum, to: &line)
    line.put(",\"maxBefore\":")
    before.judgement.maximum.appendJSON(to: &line)
    line.put(",\"passedAfter\":")
    line.put(after.map { $0.hasPassed ? "true" : "false" } ?? "null")
    line.put(",\"passedBefore\":")
    line.put(before.hasPassed ? "true" : "false")
    line.put(",\"reasonsAfter\":")
    if let after {
      line.put("[")
      BatchLineWriter.appendReasons(after.judgement.reasons, to: &line)
      line.put("]")
    } else {
      line.put("null")
    }
    line.put(",\"reasonsBefore\":[")
    BatchLineWriter.appendReasons(before.judgement.reasons, to: &line)
    line.put("],\"totalAfter\":")
    Self.points(after?.judgement.total, to: &line)
    line.put(",\"totalBefore\":")
    before.judgement.total.appendJSON(to: &line)
    line.put(",\"year\":")
    line.put(utf8: String(before.year))
    line.put("}")
    return (line, after?.hasPassed)
  }

  private static func points(_ value: Points?, to line: inout [UInt8]) {
    if let value { value.appendJSON(to: &line) } else { line.put("null") }
  }

  /// The indicators whose points, status or knock-out effect differ between the two scores, in
  /// the first set's order, then those only in the second.
  static func differing(
    _ before: PointsOnlyScore, _ set: CriteriaSet, _ after: PointsOnlyScore, _ other: CriteriaSet
  ) -> [String] {
    func knockouts(_ score: PointsOnlyScore) -> Set<String> {
      Set(
        score.judgement.reasons.compactMap {
          if case .knockout(let id) = $0 { id } else { nil }
        })
    }
    let (outBefore, outAfter) = (knockouts(before), knockouts(after))
    var ids = set.indicators.map(\.id)
    ids += other.indicators.map(\.id).filter { set.position(of: $0) == nil }
    return ids.filter { id in
      let a = set.position(of: id)
      let b = other.position(of: id)
      return a.map { before.points[$0] } != b.map { after.points[$0] }
        || a.map { before.statuses[$0] } != b.map { after.statuses[$0] }
        || outBefore.contains(id) != outAfter.contains(id)
    }
  }
}

extension BatchRunner.Outcome {
  /// Writes `compare.jsonl`: the comparison lines of the kept records, in their order.
  package func writeComparisons(to file: AtomicFile) throws(FileWriteError) {
    var line: [UInt8] = []
    for record in records {
      guard let mark = comparisons[record.order] else { continue }
      line.removeAll(keepingCapacity: true)
      try spills[Int(mark.worker)].read(
        offset: mark.offset, length: Int(mark.length), appendingTo: &line)
      line.append(UInt8(ascii: "\n"))
      try file.write(line)
    }
  }

  /// A kept record's comparison line (without its newline), when its verdict or total changes.
  package func comparisonLine(of record: BatchRecord) -> [UInt8]? {
    guard let mark = comparisons[record.order] else { return nil }
    var line: [UInt8] = []
    do {
      try spills[Int(mark.worker)].read(
        offset: mark.offset, length: Int(mark.length), appendingTo: &line)
    } catch {
      return nil
    }
    return line
  }

  /// The verdict of a kept record under the set it was compared with: its own verdict when
  /// nothing changed, `nil` when it could not be scored under that set.
  package func passedAfter(_ record: BatchRecord) -> Bool? {
    guard let mark = comparisons[record.order] else { return record.passed }
    return mark.passedAfter
  }
}
