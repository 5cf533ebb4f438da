import YTXAFormats
import YTXAKit

/// `--register PATH` on `roadmap`, `council` and `plan` (interfaces §9): recognition from the
/// province's register of decisions instead of from passing evidence. One option, one reading:
/// the rows `ytxa register check` refuses are left out, each said on standard error.
enum RegisterOption {
  static let option = CommandSpec.Option(
    "--register", value: "PATH",
    help: "The province's register of recognition decisions (.csv, .xlsx, .jsonl, or a folder "
      + "of them): recognition from the decisions instead of from passing evidence.",
    vi: "Sổ quyết định công nhận của tỉnh (.csv, .xlsx, .jsonl, hoặc một thư mục chứa chúng): "
      + "công nhận theo các quyết định thay vì suy ra từ kết quả đạt.")

  /// The register at `--register`, checked against the resolver's unit registry and `criteria`
  /// (its `recognitionYears` and effective date): `.success(nil)` when the option is absent;
  /// `.failure` after saying why it cannot be used. `rejected` says whether a row was left out.
  static func read(
    _ parsed: ParsedArguments, resolver: CriteriaResolver, criteria: CriteriaSet,
    console: Console
  ) -> Result<
    (register: Register, registry: UnitRegistry, rejected: Bool)?, ScoreCommand.Exit
  > {
    guard let path = parsed["--register"] else { return .success(nil) }
    let language = parsed.language
    guard let registry = resolver.units?.registry else {
      console.error(
        "--register cần danh mục đơn vị hành chính (không dùng được với --units off).",
        "--register needs the unit registry (it cannot be used with --units off).", language)
      return .failure(ScoreCommand.Exit(code: ExitCode.usage))
    }
    let register = Register(
      files: [path], registry: registry, criteria: criteria, today: UnitsOption.today())
    sayLeftOut(register, language, console: console)
    return .success((register, registry, !register.errors.isEmpty))
  }

  /// The rows left out for their errors, each on standard error (the first
  /// ``RejectedRows/listed``, then how many more).
  static func sayLeftOut(_ register: Register, _ language: Language, console: Console) {
    for problem in register.errors {
      console.err(language.pick("Bỏ qua: ", "Left out: ") + problem.line(language) + "\n")
    }
    if register.errorsNotListed > 0 {
      console.err(
        language.pick(
          "Bỏ qua thêm \(register.errorsNotListed) dòng có lỗi, không liệt kê "
            + "('ytxa register check' đếm đủ).",
          "\(register.errorsNotListed) more rows with errors left out, not listed ('ytxa "
            + "register check' counts them).") + "\n")
    }
  }
}

/// `--on-merge reassess|inherit` (interfaces §6): how recognition crosses a territorial change,
/// on every command that counts recognition.
enum OnMergeOption {
  static let option = CommandSpec.Option(
    "--on-merge", value: "POLICY", allowed: MergePolicy.allCases.map(\.rawValue),
    help: "Recognition across a merger or split: reassess (default; the new unit must pass "
      + "its own assessment) or inherit (recognised when every unit it was formed from was).",
    vi: "Công nhận qua sáp nhập hoặc chia tách: reassess (mặc định; đơn vị mới "
      + "phải tự đạt khi đánh giá) hoặc inherit (được công nhận khi mọi đơn vị "
      + "hợp thành đều đã được công nhận).")

  /// The policy asked for (the option's values are checked by the parser), or the default.
  static func value(_ parsed: ParsedArguments) -> MergePolicy {
    MergePolicy(rawValue: parsed["--on-merge"] ?? "") ?? .reassess
  }
}
