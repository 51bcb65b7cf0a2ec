// The education indicator, school referrals to counselling that opened a
// case, counted from the connector's indicator buckets (migration
// 20261126000100_indicator_buckets, refreshed after each sync).
import { viewBucketCounts } from '../kit/indicator-buckets.ts';
import type { IndicatorCounts } from '../kit/indicators.ts';

export const educationIndicatorCounts: IndicatorCounts = viewBucketCounts('education');
