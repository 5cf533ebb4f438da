import YTXAFormats
import YTXAKit

/// `--issued DATE`: the day printed on a document as its date of issue (default today). A
/// document made twice on one day is the same bytes; pass the day to remake an earlier one.
enum IssuedOption {
  static let option = CommandSpec.Option(
    "--issued", value: "DATE",
    help: "html: the date of issue printed on the document, YYYY-MM-DD (default today).",
    vi: "html: ngày lập in trên văn bản, YYYY-MM-DD (mặc định hôm nay).")

  /// The day asked for (by the one rule for days on the command line, ``Console/day``), or
  /// today; `nil` after saying what is wrong.
  static func value(_ parsed: ParsedArguments, console: Console) -> Day? {
    guard let text = parsed["--issued"] else { return UnitsOption.today() }
    return console.day(text, option: "--issued", parsed.language)
  }
}
