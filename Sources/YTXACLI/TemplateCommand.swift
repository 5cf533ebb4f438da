import YTXAKit

/// `ytxa template --format csv [--criteria PATH]`
enum TemplateCommand {
  static let spec = CommandSpec(
    name: "template",
    summary: "Print an empty CSV evidence template: a header row and one example row.",
    options: [
      .init(
        "--format", value: "FORMAT", allowed: ["csv"], help: "Template format (csv, the default)."),
      .init("--criteria", value: "PATH", help: "Criteria file (default: the bundled set)."),
    ],
    discussion: """
      Columns: year, criteria_set, commune_code, commune_name, commune_type, zone, region,
      district_code, district_name, province_code, province_name, then per indicator N (or
      N_num and N_den for ratios) and N_docs. Checklist items are separated by ';', documents
      by '|'; an empty cell is missing evidence; KAD (or 'KAD: reason') is not applicable.
      """)

  static func run(_ arguments: [String], console: Console) -> Int32 {
    let (parsed, code) = YTXACommand.parse(spec, arguments, console: console)
    guard let parsed else { return code }
    do {
      let set = try CriteriaResolver(path: parsed["--criteria"]).defaultSet()
      console.out(BatchCSV.template(set))
      return ExitCode.success
    } catch {
      console.err("Error: \(error.localizedDescription)\n")
      return ExitCode.usage
    }
  }
}
