import YTXAFormats
import YTXAKit

/// `--headers both|keys`: whether a table (CSV or a workbook's sheet) starts with the row of
/// column names in `--lang` above its keys row, or has the keys row alone (and its words as keys).
enum HeadersOption {
  /// The option, its help saying which of the command's outputs it shapes (`"csv, xlsx"`…).
  static func option(for outputs: String) -> CommandSpec.Option {
    CommandSpec.Option(
      "--headers", value: "ROWS", allowed: Table.Headers.allCases.map(\.rawValue),
      help: "\(outputs): both (column names, then keys; the default) or keys (the keys row "
        + "alone, statuses and verdicts as keys).",
      vi: "\(outputs): both (tên cột, rồi dòng khóa; mặc định) hoặc keys (chỉ dòng khóa, "
        + "tình trạng và kết luận ghi bằng khóa).")
  }

  /// The header rows asked for.
  static func value(_ parsed: ParsedArguments) -> Table.Headers {
    Table.Headers(rawValue: parsed["--headers"] ?? "") ?? .both
  }
}
