-- SDM risk assessments of a case (issue 15): every level the owning unit set,
-- with the level before and the reason; the case keeps the current one.
CREATE TABLE core.case_risk_assessment (
  id             SERIAL PRIMARY KEY,
  case_id        INTEGER NOT NULL REFERENCES core."case" (id) ON UPDATE CASCADE ON DELETE RESTRICT,
  level          core."RiskLevel" NOT NULL,
  previous_level core."RiskLevel",
  reason         TEXT NOT NULL CHECK (reason <> ''),
  assessed_by    TEXT NOT NULL,
  assessed_at    TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX case_risk_assessment_case_id_idx ON core.case_risk_assessment (case_id);
