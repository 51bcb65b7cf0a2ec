// The welfare indicators (development-account deposit rate, follow-up visits
// to households that did not deposit, disability needs-assessment visit
// rate over certificates valid in the period), counted from the connector's
// indicator buckets (migration 20261126000100_indicator_buckets, refreshed
// after each sync).
import { viewBucketCounts } from '../kit/indicator-buckets.ts';
import type { IndicatorCounts } from '../kit/indicators.ts';

export const welfareIndicatorCounts: IndicatorCounts = viewBucketCounts('welfare');
