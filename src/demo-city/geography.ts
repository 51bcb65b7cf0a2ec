// Taichung's districts with their approximate 2023 populations (thousands),
// used as weights, and the five contract regions NGOs are contracted for.
import type { DistrictCode } from '../domain/codes.ts';

export const DISTRICT_POPULATION: readonly (readonly [DistrictCode, number])[] = [
  ['BEITUN', 300], ['XITUN', 230], ['DALI', 213], ['TAIPING', 197], ['NANTUN', 178], ['FENGYUAN', 165],
  ['NORTH', 141], ['SOUTH', 127], ['WEST', 111], ['TANZI', 111], ['SHALU', 97], ['DAYA', 96],
  ['QINGSHUI', 86], ['LONGJING', 78], ['WURI', 77], ['EAST', 76], ['DAJIA', 75], ['WUFENG', 64],
  ['SHENGANG', 64], ['WUQI', 60], ['DADU', 57], ['HOULI', 54], ['DONGSHI', 48], ['WAIPU', 31],
  ['XINSHE', 23], ['CENTRAL', 18], ['DAAN', 18], ['SHIGANG', 14], ['HEPING', 10],
];

export const DISTRICT_ZH: Record<DistrictCode, string> = {
  CENTRAL: '中區', EAST: '東區', SOUTH: '南區', WEST: '西區', NORTH: '北區', XITUN: '西屯區', NANTUN: '南屯區',
  BEITUN: '北屯區', FENGYUAN: '豐原區', DONGSHI: '東勢區', DAJIA: '大甲區', QINGSHUI: '清水區', SHALU: '沙鹿區',
  WUQI: '梧棲區', HOULI: '后里區', SHENGANG: '神岡區', TANZI: '潭子區', DAYA: '大雅區', XINSHE: '新社區',
  SHIGANG: '石岡區', WAIPU: '外埔區', DAAN: '大安區', WURI: '烏日區', DADU: '大肚區', LONGJING: '龍井區',
  WUFENG: '霧峰區', TAIPING: '太平區', DALI: '大里區', HEPING: '和平區',
};

export const CONTRACT_REGIONS: Record<string, readonly DistrictCode[]> = {
  市區: ['CENTRAL', 'EAST', 'SOUTH', 'WEST', 'NORTH'],
  三屯: ['XITUN', 'NANTUN', 'BEITUN'],
  屯區: ['TAIPING', 'DALI', 'WUFENG', 'WURI'],
  山線: ['FENGYUAN', 'HOULI', 'SHENGANG', 'TANZI', 'DAYA', 'DONGSHI', 'XINSHE', 'SHIGANG', 'HEPING'],
  海線: ['DAJIA', 'DAAN', 'WAIPU', 'QINGSHUI', 'WUQI', 'SHALU', 'LONGJING', 'DADU'],
};
