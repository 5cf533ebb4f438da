import Foundation
import YTXAFormats

extension BatchRunner {
  enum Loaded {
    case loaded(PositionalEvidence, CriteriaSet)
    case rejected(BatchError)
    case skipped
  }

  /// Reads and validates one source. A file takes the fast path when it can
  /// (``EvidenceFastPath``), else the general one, which also explains what is wrong.
  /// `criteria` replaces the run's provider (the set a comparison scores with); `read` is given
  /// a file's bytes as read.
  func load(
    _ source: BatchSource, order: Int, criteria: CriteriaProvider? = nil,
    read: (([UInt8]) -> Void)? = nil
  ) -> Loaded {
    let criteria = criteria ?? self.criteria
    let name = OSName.display(source.name)
    let document: EvidenceDocument
    do throws(EvidenceError) {
      switch source {
      case .file(let path):
        let bytes = try EvidenceDocument.bytes(path: path, file: name)
        read?(bytes)
        if let (evidence, set) = EvidenceFastPath.read(
          bytes, file: name, resolve: { try? criteria($0).get() })
        {
          if let year = options.year, evidence.year != year { return .skipped }
          return .loaded(evidence, set)
        }
        document = try EvidenceDocument(data: bytes, file: name)
      case .csvRow(let file, let row, let fields):
        // A row is read with every problem of its cells and of the evidence rules at once.
        let (document, reading) = BatchCSV.read(
          fields: fields, file: file, row: row, criteria: criteria)
        if let year = options.year, case .number(let literal)? = document.root["year"],
          Int(literal) != year
        {
          return .skipped
        }
        switch reading {
        case .success(.read(let evidence, let set)):
          return .loaded(PositionalEvidence(evidence, criteria: set), set)
        case .success(.noCriteria(let error)):
          return .rejected(
            BatchError(
              file: name, message: error.message, indicator: nil, problems: [error.message],
              communeCode: nil, districtCode: nil, districtName: nil, order: order))
        case .failure(let error):
          return .rejected(Self.error(error, file: name, order: order, document: document))
        }
      }
    } catch {
      return .rejected(Self.error(error, file: name, order: order, document: nil))
    }
    if let year = options.year, case .number(let literal)? = document.root["year"],
      Int(literal) != year
    {
      return .skipped
    }
    let set: CriteriaSet
    switch criteria(document.criteriaSetID) {
    case .success(let found): set = found
    case .failure(let error):
      return .rejected(
        BatchError(
          file: name, message: error.message, indicator: nil,
          problems: [error.message], communeCode: nil, districtCode: nil,
          districtName: nil, order: order))
    }
    do {
      let evidence = try Evidence(document: document, criteria: set)
      return .loaded(PositionalEvidence(evidence, criteria: set), set)
    } catch {
      return .rejected(Self.error(error, file: name, order: order, document: document))
    }
  }

  /// How many problems of one rejected input are kept and reported.
  static let heldProblems = 20

  static func error(_ error: EvidenceError, file: String, order: Int, document: EvidenceDocument?)
    -> BatchError
  {
    var indicator: String?
    // At most `heldProblems` problems of one input are kept (then a count): a table of many
    // broken rows must not hold every message of every row.
    // Each problem in the words of its input, without the file and commune (kept apart:
    // `file`, `commune`, `communeLabel`); `message` says them once, then every problem.
    let rejected = RejectedInput(error)
    var problems = rejected.problems
    if problems.count > heldProblems {
      let more = problems.count - heldProblems
      problems.removeSubrange(heldProblems...)
      problems.append(
        Message(
          "… và \(more) lỗi khác của dòng/tệp này (chỉ giữ \(heldProblems) lỗi đầu)",
          "… and \(more) more problems of this row or file (only the first \(heldProblems) are kept)"
        ))
    }
    switch error {
    case .invalid(_, _, let list):
      indicator = list.first { $0.indicator != nil }?.indicator
    case .unreadable, .syntax:
      break
    }
    let commune = document?.root["commune"]?.objectValue
    let district = commune?["district"]?.objectValue
    let heading = Message(verbatim: rejected.heading + ": ")
    var batchError = BatchError(
      file: file, message: heading + problems.joined(separator: "; "), indicator: indicator,
      problems: problems, communeCode: commune?["code"]?.stringValue.flatMap(CommuneCode.init),
      districtCode: district?["code"]?.stringValue.flatMap(DistrictCode.init),
      districtName: district?["name"]?.stringValue?.nfc, order: order)
    batchError.communeLabel = rejected.commune
    return batchError
  }
}
