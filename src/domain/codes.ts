// Code tables that are also reference rows in the core schema (see the
// core_reference_data migration); a test checks the two agree.
export const UNIT_CODES = [
  'SOCIAL',
  'PROTECTION',
  'HEALTH',
  'EDUCATION',
  'LABOR',
  'POLICE',
  'JUSTICE',
  'CIVIL_AFFAIRS',
  'INDIGENOUS',
  'NGO',
] as const;
export type UnitCode = (typeof UNIT_CODES)[number];

export const DISTRICT_CODES = [
  'CENTRAL', 'EAST', 'SOUTH', 'WEST', 'NORTH', 'XITUN', 'NANTUN', 'BEITUN', 'FENGYUAN', 'DONGSHI',
  'DAJIA', 'QINGSHUI', 'SHALU', 'WUQI', 'HOULI', 'SHENGANG', 'TANZI', 'DAYA', 'XINSHE', 'SHIGANG',
  'WAIPU', 'DAAN', 'WURI', 'DADU', 'LONGJING', 'WUFENG', 'TAIPING', 'DALI', 'HEPING',
] as const;
export type DistrictCode = (typeof DISTRICT_CODES)[number];

export const UNIT_LABELS: Record<UnitCode, string> = {
  SOCIAL: 'Social Affairs Bureau and its family welfare service centres (社會局)',
  PROTECTION: 'Domestic Violence & Sexual Assault Prevention Centre (家防中心)',
  HEALTH: 'Health Bureau, community mental-health centres (衛生局)',
  EDUCATION: 'Education Bureau, schools, student counselling centre (教育局)',
  LABOR: 'Labor Affairs Bureau (勞工局)',
  POLICE: 'Police Department, juvenile guidance (警察局)',
  JUSTICE: 'District Prosecutors Office, correctional institutions (地方檢察署)',
  CIVIL_AFFAIRS: 'Civil Affairs Bureau, household registration offices (民政局)',
  INDIGENOUS: 'Indigenous Affairs Commission (原住民族事務委員會)',
  NGO: 'Contracted private organisations (委外單位)',
};

export const DISTRICT_LABELS: Record<DistrictCode, string> = {
  CENTRAL: 'Central (中區)', EAST: 'East (東區)', SOUTH: 'South (南區)', WEST: 'West (西區)', NORTH: 'North (北區)',
  XITUN: 'Xitun (西屯區)', NANTUN: 'Nantun (南屯區)', BEITUN: 'Beitun (北屯區)', FENGYUAN: 'Fengyuan (豐原區)',
  DONGSHI: 'Dongshi (東勢區)', DAJIA: 'Dajia (大甲區)', QINGSHUI: 'Qingshui (清水區)', SHALU: 'Shalu (沙鹿區)',
  WUQI: 'Wuqi (梧棲區)', HOULI: 'Houli (后里區)', SHENGANG: 'Shengang (神岡區)', TANZI: 'Tanzi (潭子區)',
  DAYA: 'Daya (大雅區)', XINSHE: 'Xinshe (新社區)', SHIGANG: 'Shigang (石岡區)', WAIPU: 'Waipu (外埔區)',
  DAAN: "Da'an (大安區)", WURI: 'Wuri (烏日區)', DADU: 'Dadu (大肚區)', LONGJING: 'Longjing (龍井區)',
  WUFENG: 'Wufeng (霧峰區)', TAIPING: 'Taiping (太平區)', DALI: 'Dali (大里區)', HEPING: 'Heping (和平區, mountain indigenous district)',
};
