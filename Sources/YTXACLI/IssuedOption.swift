import YTXAKit

/// `--issued DATE`: the day printed on a document as its date of issue (default today). A
/// document made twice on one day is the same bytes; pass the day to remake an earlier one.
enum IssuedOption {
  static let option = CommandSpec.Option(
    "--issued", value: "DATE",
    help: "html: the date of issue printed on the document, YYYY-MM-DD (default today).")

  /// The day asked for, or today; `nil` after saying what is wrong.
  static func value(_ parsed: ParsedArguments, console: Console) -> Day? {
    guard let text = parsed["--issued"] else { return UnitsOption.today() }
    guard let day = Day(iso: text) else {
      console.error(
        "--issued: cần một ngày dạng YYYY-MM-DD, gặp \"\(text)\".",
        "--issued: a date YYYY-MM-DD is needed, found \"\(text)\".", parsed.language)
      return nil
    }
    return day
  }
}
