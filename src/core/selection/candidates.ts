import type { DuckClient } from '../db.ts';
import { keepRows } from '../kept.ts';
import { rulesOfKind, type RuleSet } from '../policy/index.ts';
import type { QueryTexts } from '../queries.ts';
import type { MetricResult } from '../report.ts';

/** A team/unit with target posts under a per-unit ratio rule (candidates.sql, scope 'team'). */
export interface TargetTeam {
  cand_id: string;
  metric_id: string;
  unit_id: string;
  unit_name: string | null;
  region: string | null;
  members: number;
  young: number;
  needed: number;
  /** Places short of the ratio rule's target. */
  short: number;
  /** Members reaching retirement within the candidates rule's months. */
  retiring: number;
  target_posts: number;
  candidates: number;
  covered_posts: number;
  met: boolean;
}

/** A candidates rule city-wide (Y10): covered target posts ÷ target posts. */
export interface CandidatesTotal {
  cand_id: string;
  target_posts: number;
  covered_posts: number;
  value: number | null;
  target: number;
  comparator: string;
  met: boolean | null;
  gap: number | null;
}

export interface CandidatesResult {
  totals: CandidatesTotal[];
  teams: TargetTeam[];
}

/**
 * Every candidates rule: its teams in scope with target posts, and its share of posts covered.
 * Every team's target posts are found once per date (candidate_targets, kept until the data or
 * the rules change); the scope filters then only choose among them.
 */
export async function candidates(
  db: DuckClient,
  sql: QueryTexts,
  asOf: string,
): Promise<CandidatesResult> {
  await keepRows(db, 'candidate_targets', [asOf], () => db.query(sql.candidates_store, [asOf]), {
    everyone: true,
  });
  const rows = await db.query<Record<string, unknown>>(sql.candidates);
  return {
    totals: rows
      .filter((r) => r.scope === 'city')
      .map((r) => ({
        cand_id: r.cand_id as string,
        target_posts: r.target_posts as number,
        covered_posts: r.covered_posts as number,
        value: r.value as number | null,
        target: r.target as number,
        comparator: r.comparator as string,
        met: r.met as boolean | null,
        gap: r.gap as number | null,
      })),
    teams: rows.filter((r) => r.scope === 'team') as unknown as TargetTeam[],
  };
}

/** A candidate for a team's places, in the rule's ranking (candidate_list.sql). */
export interface CandidateRow {
  rank: number;
  person_id: string;
  name: string | null;
  gender: string | null;
  birth: string;
  age: number;
  ethnicity: string | null;
  party: string | null;
  education_fulltime: string | null;
  education_highest: string | null;
  region: string | null;
  unit_id: string | null;
  unit_name: string | null;
  post_title: string | null;
  level: string | null;
  reserve: string | null;
  grassroots_years: number | null;
  appraisals: string | null;
  excellent: number;
  level_distance: number | null;
  scope: 'city' | 'region';
}

export async function candidateList(
  db: DuckClient,
  sql: QueryTexts,
  asOf: string,
  candId: string,
  metricId: string,
  unitId: string,
): Promise<CandidateRow[]> {
  return db.query<CandidateRow>(sql.candidate_list, [asOf, candId, metricId, unitId]);
}

/** The candidates rules as metrics of the report (Y10 …), in the rule set's terms. */
export function candidateMetrics(rs: RuleSet, totals: CandidatesTotal[]): MetricResult[] {
  return rulesOfKind(rs, 'candidates').map((rule) => {
    const t = totals.find((x) => x.cand_id === rule.id);
    return {
      id: rule.id,
      kind: 'candidates' as const,
      label: rule.label.zh,
      numerator: t?.covered_posts ?? 0,
      denominator: t?.target_posts ?? 0,
      value: t?.value ?? null,
      target: rule.target[0] / rule.target[1],
      comparator: rule.comparator,
      met: t?.met ?? null,
      gap: t?.gap ?? null,
      unverified: rule.unverified,
    };
  });
}

/** A member of a team under a ratio rule, young or not, and when they reach retirement. */
export interface TeamPost {
  person_id: string;
  name: string | null;
  gender: string | null;
  birth: string;
  age: number;
  ethnicity: string | null;
  party: string | null;
  education_fulltime: string | null;
  education_highest: string | null;
  region: string | null;
  unit_name: string | null;
  post_title: string | null;
  level: string | null;
  reserve: string | null;
  is_young: boolean;
  retires: string | null;
  retiring: boolean;
}

export async function teamPosts(
  db: DuckClient,
  sql: QueryTexts,
  asOf: string,
  candId: string,
  metricId: string,
  unitId: string,
): Promise<TeamPost[]> {
  return db.query<TeamPost>(sql.team_posts, [asOf, candId, metricId, unitId]);
}
