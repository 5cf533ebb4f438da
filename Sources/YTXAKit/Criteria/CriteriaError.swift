import Foundation
import YTXAFormats

/// Why a criteria file was refused.
public enum CriteriaError: Error, Equatable, LocalizedError {
  /// The file could not be read (missing, a folder, no permission).
  case unreadable(file: String, reason: Message)
  /// The file is not valid JSON.
  case syntax(file: String, JSONSyntaxError)
  /// `schemaVersion` is absent or not one this build reads.
  case unsupportedSchemaVersion(file: String, found: String)
  /// The file is JSON of the right version but breaks one or more rules; every problem is listed.
  case invalid(file: String, problems: [FieldProblem])
  /// No bundle (its `bundle.json`) was found.
  case notFound(id: String, searched: [String])
  /// The input names no criteria set (`criteriaSet` absent or not a string) and none was given
  /// with `--criteria`.
  case noSetNamed
  /// `YTXA_CRITERIA_DIR` names a folder that holds no bundle (a misspelling, a moved folder):
  /// an error, never a silent fall-back to another bundle.
  case environmentWithoutBundle(folder: String)
  /// The bundle does not declare this identifier.
  case notBundled(id: String, bundle: String, available: [String])

  /// The problem in Vietnamese.
  public var errorDescription: String? { text(.vi) }

  /// The problem in both languages.
  public var message: Message { Message(text(.vi), text(.en)) }

  /// The problem in `language`.
  public func text(_ language: Language) -> String {
    let l = language
    switch self {
    case .unreadable(let file, let reason):
      // The criteria set, a roadmap, a plan or the bundle's manifest: "the file", whichever.
      return file + l.pick(": không đọc được tệp: ", ": cannot read the file: ")
        + l(reason)
    case .syntax(let file, let error):
      return "\(file):\(error.line):\(error.column): "
        + l.pick("không phải JSON hợp lệ: ", "not valid JSON: ") + l(error.message)
    case .unsupportedSchemaVersion(let file, let found):
      return file
        + l.pick(
          ": schemaVersion: gặp \(found), phiên bản ytxa này đọc schemaVersion ",
          ": schemaVersion: found \(found), this version of ytxa reads schemaVersion ")
        + "\(CriteriaSet.supportedSchemaVersion)"
    case .invalid(let file, let problems):
      let count = problems.count
      return file
        + l.pick(
          ": tệp này có \(count) lỗi:\n",
          ": \(count) problem\(count == 1 ? "" : "s") in this file:\n")
        + problems.map { l.pick("  tại ", "  at ") + "\($0.path): " + l($0.message) }
        .joined(separator: "\n")
    case .noSetNamed:
      return l.pick(
        "không ghi bộ tiêu chí (khóa criteriaSet); ghi ví dụ \"criteriaSet\": \"\(BundledFiles.defaultCriteriaSetID)\", "
          + "hoặc chỉ ra tệp bộ tiêu chí bằng --criteria PATH",
        "names no criteria set (the criteriaSet key); write e.g. \"criteriaSet\": "
          + "\"\(BundledFiles.defaultCriteriaSetID)\", or give a criteria file with --criteria PATH"
      )
    case .environmentWithoutBundle(let folder):
      return l.pick(
        "\(BundledFiles.environmentKey)=\(folder): thư mục này không có \(BundledFiles.manifestName) "
          + "(không phải thư mục Criteria của ytxa); sửa đường dẫn, hoặc bỏ biến này để dùng bộ "
          + "dữ liệu kèm theo.",
        "\(BundledFiles.environmentKey)=\(folder): this folder holds no \(BundledFiles.manifestName) "
          + "(it is not a ytxa Criteria folder); correct the path, or unset the variable to use "
          + "the bundled data.")
    case .notFound(let id, let searched):
      return l.pick(
        "không tìm thấy thư mục Criteria đi kèm (có \(id)); đã tìm ở:\n",
        "no bundled Criteria folder (with \(id)) was found; looked in:\n")
        + searched.map { "  \($0)" }.joined(separator: "\n")
        + l.pick(
          "\nCách sửa: đặt biến YTXA_CRITERIA_DIR là thư mục chứa bundle.json (thư mục Criteria "
            + "của mã nguồn), hoặc cài ytxa từ tệp lưu trữ ytxa-…-linux-….tar.gz, trong đó "
            + "bin/ytxa nằm cạnh share/ytxa/Criteria; một tệp bộ tiêu chí riêng thì chỉ ra bằng "
            + "--criteria PATH.",
          "\nTo fix it: set YTXA_CRITERIA_DIR to the folder holding bundle.json (the source "
            + "tree's Criteria folder), or install ytxa from its archive ytxa-…-linux-….tar.gz, "
            + "where bin/ytxa stands beside share/ytxa/Criteria; a criteria file of your own is "
            + "given with --criteria PATH.")
    case .notBundled(let id, let bundle, let available):
      let list = available.joined(separator: ", ")
      return l.pick(
        "\"\(id.abbreviated)\" không phải tệp đi kèm nào được khai trong \(bundle) (có: \(list)); "
          + "tệp ngoài bộ dữ liệu chỉ được dùng khi chỉ ra bằng --criteria hoặc --roadmap",
        "\"\(id.abbreviated)\" is not one of the bundled files declared in \(bundle) (available: "
          + list
          + "); a file outside the bundle is used only when given with --criteria or --roadmap")
    }
  }
}
