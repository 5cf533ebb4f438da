import Foundation

/// Why a criteria file was refused.
public enum CriteriaError: Error, Equatable, LocalizedError {
  /// The file could not be read (missing, a folder, no permission).
  case unreadable(file: String, reason: String)
  /// The file is not valid JSON.
  case syntax(file: String, JSONParser.SyntaxError)
  /// `schemaVersion` is absent or not one this build reads.
  case unsupportedSchemaVersion(file: String, found: String)
  /// The file is JSON of the right version but breaks one or more rules; every problem is listed.
  case invalid(file: String, problems: [FieldProblem])
  /// No bundle (its `bundle.json`) was found.
  case notFound(id: String, searched: [String])
  /// The bundle does not declare this identifier.
  case notBundled(id: String, bundle: String, available: [String])

  public var errorDescription: String? {
    switch self {
    case .unreadable(let file, let reason):
      "\(file): cannot read the criteria file: \(reason)"
    case .syntax(let file, let error):
      "\(file):\(error.line):\(error.column): not valid JSON: \(error.message)"
    case .unsupportedSchemaVersion(let file, let found):
      "\(file): schemaVersion: found \(found), this version of ytxa reads schemaVersion "
        + "\(CriteriaSet.supportedSchemaVersion)"
    case .invalid(let file, let problems):
      "\(file): \(problems.count) problem\(problems.count == 1 ? "" : "s") in this file:\n"
        + problems.map { "  at \($0.path): \($0.message)" }.joined(separator: "\n")
    case .notFound(let id, let searched):
      "no bundled Criteria folder (with \(id)) was found; looked in:\n"
        + searched.map { "  \($0)" }.joined(separator: "\n")
        + "\nset YTXA_CRITERIA_DIR to the folder holding bundle.json, or pass --criteria PATH"
    case .notBundled(let id, let bundle, let available):
      "\"\(id.abbreviated)\" is not one of the bundled files declared in \(bundle) (available: "
        + available.joined(separator: ", ")
        + "); a file outside the bundle is used only when given with --criteria or --roadmap"
    }
  }
}
