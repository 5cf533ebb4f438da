import YTXAFormats

extension CheckResult {
  /// The JSON of `ytxa check --format json`: the score object plus `plan`, `planStatus`,
  /// `planNote` and `dataQuality`.
  package func jsonOutput(_ language: Language = .vi) -> JSONOutput {
    .built { write(to: &$0, language: language) }
  }

  /// The same document written to `out`, with `criteriaFile` when given.
  func write<Emitter: JSONEmitter>(
    to out: inout Emitter, language: Language, criteriaFile: CriteriaSource? = nil
  ) {
    result.write(to: &out, language: language, criteriaFile: criteriaFile, check: self)
  }

  /// `dataQuality`: `[{"indicators", "kind", "message", "messageEnglish"}]`.
  func writeDataQuality<Emitter: JSONEmitter>(to out: inout Emitter) {
    out.array { out in
      for warning in warnings {
        out.object { out in
          out.key("indicators")
          out.array { out in for id in warning.indicators { out.string(id) } }
          out.key("kind")
          out.string(warning.kind.rawValue)
          out.key("message")
          out.string(warning.message)
          out.key("messageEnglish")
          out.string(warning.englishMessage)
        }
      }
    }
  }

  /// `plan`, `planNote` (when no plan can make it pass), `planReasons` (idem), `planStatus`.
  func writePlan<Emitter: JSONEmitter>(to out: inout Emitter) {
    out.key("plan")
    out.array { out in
      for item in plan.items {
        out.object { out in
          out.key("criterion")
          out.string(item.criterionID)
          out.key("evidence")
          item.evidence.write(to: &out)
          out.key("id")
          out.string(item.id)
          out.key("knockout")
          out.bool(item.isKnockout)
          out.key("missing")
          out.bool(item.isMissing)
          out.key("points")
          out.points(item.points)
          out.key("targetPoints")
          out.points(item.targetPoints)
        }
      }
    }
    if case .impossible(let reasons) = plan.outcome {
      out.key("planNote")
      out.string(
        "No improvement of the evidence makes this commune pass: with every applicable indicator "
          + "at its best points it would still fail on the reasons listed in planReasons.")
      out.key("planReasons")
      out.array { out in for reason in reasons { reason.write(to: &out) } }
    }
    out.key("planStatus")
    switch plan.outcome {
    case .passes: out.string("passes")
    case .plan: out.string("plan")
    case .impossible: out.string("impossible")
    }
  }
}
