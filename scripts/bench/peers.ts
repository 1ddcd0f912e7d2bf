/**
 * The peers' figures (../shared/bench/peers.json and privacy-peers/results.json) matched with the
 * bench's workloads: same table and same number of training rows, else no ratio. Ratios are
 * Sosie / peer; flags say where Sosie is slower, uses more memory or scores lower.
 */
import { readFileSync } from "node:fs";
import type { PeerComparison, WorkloadResult } from "./types.ts";
import { PEERS_JSON, PRIVACY_PEERS_DIR } from "./workloads.ts";

export interface PeerWorkload {
  readonly dataset: string;
  readonly rows: number;
  readonly peer: string;
  readonly fit_s?: number;
  readonly sample_s?: number;
  readonly fit_sample_s?: number;
  readonly wall_s?: number;
  readonly peak_rss_mb?: number;
  readonly quality?: number;
  readonly quality_all_pairs?: number;
  readonly did_not_finish_s?: number;
  readonly epoch_s?: number;
  readonly loaded?: boolean;
  readonly note?: string;
}

export function loadPeerWorkloads(file = PEERS_JSON): PeerWorkload[] {
  const json = JSON.parse(readFileSync(file, "utf8")) as { workloads: PeerWorkload[] };
  return json.workloads;
}

function ratio(ours: number | null | undefined, theirs: number | undefined): number | null {
  if (ours === null || ours === undefined || theirs === undefined || !(theirs > 0)) return null;
  return ours / theirs;
}

/** One comparison per (our workload, peer workload) on the same table and rows. */
export function comparePeers(
  workloads: readonly WorkloadResult[],
  peerKeyOf: (dataset: string) => string | undefined,
  peers: readonly PeerWorkload[],
): PeerComparison[] {
  const out: PeerComparison[] = [];
  for (const w of workloads) {
    const key = peerKeyOf(w.dataset);
    if (key === undefined || w.status !== "ok" || w.rows === null) continue;
    for (const p of peers) {
      if (p.dataset !== key || p.rows !== w.rows.train) continue;
      const fit = w.fit?.wall_s ?? null;
      const sample = w.sample?.wall_s ?? null;
      const fitSample = fit !== null && sample !== null ? fit + sample : null;
      const peerFitSample =
        p.fit_sample_s ?? (p.fit_s !== undefined && p.sample_s !== undefined ? p.fit_s + p.sample_s : undefined);
      const ratios = {
        fit: ratio(fit, p.fit_s),
        sample: ratio(sample, p.sample_s),
        fit_sample: ratio(fitSample, peerFitSample),
        peak_rss: ratio(w.peak_rss_mb, p.peak_rss_mb),
        quality: ratio(w.utility?.quality.value, p.quality),
        quality_all_pairs: ratio(w.utility?.quality_all_pairs.value, p.quality_all_pairs),
      };
      const flags: string[] = [];
      if ((ratios.fit_sample ?? ratios.fit ?? 0) > 1) flags.push("slower");
      if ((ratios.peak_rss ?? 0) > 1) flags.push("more memory");
      if ((ratios.quality ?? 1) < 1 || (ratios.quality_all_pairs ?? 1) < 1) flags.push("lower quality");
      const notes: string[] = [];
      if (p.did_not_finish_s !== undefined) notes.push(`peer did not finish in ${p.did_not_finish_s} s`);
      if (p.epoch_s !== undefined && p.fit_s === undefined) notes.push(`peer per epoch ${p.epoch_s} s`);
      if (p.loaded === true) notes.push("peer measured loaded");
      if (p.note !== undefined) notes.push(p.note);
      out.push({
        dataset: w.dataset,
        method: w.method,
        peer: p.peer,
        rows: p.rows,
        sosie: {
          fit_sample_s: fitSample,
          peak_rss_mb: w.peak_rss_mb,
          quality: w.utility?.quality.value ?? null,
          quality_all_pairs: w.utility?.quality_all_pairs.value ?? null,
        },
        peer_figures: {
          fit_sample_s: peerFitSample ?? null,
          peak_rss_mb: p.peak_rss_mb ?? null,
          quality: p.quality ?? null,
          quality_all_pairs: p.quality_all_pairs ?? null,
        },
        ratios,
        flags,
        notes,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// privacy-peers/results.json

export interface PrivacyPeerRun {
  readonly peer: string;
  readonly quality: number | null;
  readonly tstr_auc: number | null;
  readonly singling_out_risk: number | null;
  readonly singling_out_ci: readonly [number, number] | null;
  /** Balanced DCR: share of synthetic rows closer to train than to the holdout. */
  readonly share_closer_to_train: number | null;
  readonly identical_to_train_row: number | null;
  readonly identical_to_train_unique_row: number | null;
  readonly fit_s: number | null;
  readonly peak_rss_mb: number | null;
}

export interface PrivacyPeerDataset {
  readonly key: string;
  readonly tstr_real_train_auc: number | null;
  readonly runs: readonly PrivacyPeerRun[];
}

interface RawRun {
  peer?: string;
  fit_s?: number;
  peak_rss_mb?: number;
  eval?: {
    quality?: { overall?: number };
    tstr_auc?: number;
    dcr_overfitting_protection_balanced?: { synthetic_data_percentages?: { closer_to_training?: number } };
  };
  anon?: { singling_out_univariate?: { risk?: number; risk_ci95?: [number, number] } };
  ident?: { identical_to_train_row?: number; identical_to_train_unique_row?: number };
}

export function loadPrivacyPeers(file = `${PRIVACY_PEERS_DIR}results.json`): PrivacyPeerDataset[] {
  const json = JSON.parse(readFileSync(file, "utf8")) as {
    datasets: Record<string, { tstr_real_train_auc?: number; runs: Record<string, RawRun> }>;
  };
  return Object.entries(json.datasets).map(([key, d]) => ({
    key,
    tstr_real_train_auc: d.tstr_real_train_auc ?? null,
    runs: Object.entries(d.runs).map(([id, r]) => ({
      peer: r.peer ?? id,
      quality: r.eval?.quality?.overall ?? null,
      tstr_auc: r.eval?.tstr_auc ?? null,
      singling_out_risk: r.anon?.singling_out_univariate?.risk ?? null,
      singling_out_ci: r.anon?.singling_out_univariate?.risk_ci95 ?? null,
      share_closer_to_train:
        r.eval?.dcr_overfitting_protection_balanced?.synthetic_data_percentages?.closer_to_training ?? null,
      identical_to_train_row: r.ident?.identical_to_train_row ?? null,
      identical_to_train_unique_row: r.ident?.identical_to_train_unique_row ?? null,
      fit_s: r.fit_s ?? null,
      peak_rss_mb: r.peak_rss_mb ?? null,
    })),
  }));
}
