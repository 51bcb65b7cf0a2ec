// The labor indicator, vocational rehabilitation of persons with a mental
// disability referred in the period and how many were placed in employment,
// counted from the connector's indicator buckets (migration
// 20261126000100_indicator_buckets, refreshed after each sync).
import { viewBucketCounts } from '../kit/indicator-buckets.ts';
import type { IndicatorCounts } from '../kit/indicators.ts';

export const laborIndicatorCounts: IndicatorCounts = viewBucketCounts('labor');
