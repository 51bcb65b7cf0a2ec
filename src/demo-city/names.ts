// Name and address material. Surnames carry rough frequency weights from
// Taiwan's household registration statistics; given names are built from
// character pools commonly used for each sex.
export const SURNAMES: readonly (readonly [string, number])[] = [
  ['陳', 111], ['林', 83], ['黃', 60], ['張', 53], ['李', 51], ['王', 41], ['吳', 40], ['劉', 32], ['蔡', 29],
  ['楊', 26], ['許', 23], ['鄭', 19], ['謝', 18], ['郭', 17], ['洪', 16], ['曾', 15], ['邱', 15], ['廖', 15],
  ['賴', 14], ['周', 13], ['徐', 13], ['蘇', 12], ['葉', 12], ['莊', 12], ['呂', 11], ['江', 10], ['何', 10],
  ['蕭', 9], ['羅', 9], ['高', 9], ['潘', 8], ['簡', 8], ['朱', 8], ['鍾', 8], ['彭', 7], ['游', 7], ['詹', 7],
  ['胡', 7], ['施', 7], ['沈', 6], ['余', 6], ['趙', 6], ['盧', 6], ['梁', 6], ['顏', 6], ['柯', 5], ['孫', 5],
];

const MALE_FIRST = '家志冠俊承建宗明信彥柏宇偉哲育振政國文嘉子家致品士';
const MALE_SECOND = '豪宏翰傑宇霖瑋廷榮輝明軒安睿誠毅銘偉恩賢德昌祥';
const FEMALE_FIRST = '淑美雅怡佩欣詩宜惠婉思嘉心家于筱郁靜玉秀慧佳';
const FEMALE_SECOND = '芬華婷君涵玲珍如萍蓉妤瑜萱雯慧穎真儀娟芳玉琪';

export const INDIGENOUS_NAMES = ['尤幹·達利', '瓦旦·比浩', '比令·亞布', '娃利斯·羅干', '哈勇·諾幹', '雅外·達道', '林莎韻', '黃比黛'];
export const NEW_IMMIGRANT_NAMES = ['阮氏玉蘭', '陳氏秋香', '黎氏美', '武氏芳', '潘氏翠', '丁氏鳳', '莉娜', '安妮'];

export const ROADS = ['中正路', '民權路', '文心路', '中山路', '崇德路', '福星路', '大雅路', '太原路', '五權路', '建國路', '中清路', '成功路', '復興路', '自由路', '和平街', '光明路'];

export function givenName(isMale: boolean, roll: () => number): string {
  const first = isMale ? MALE_FIRST : FEMALE_FIRST;
  const second = isMale ? MALE_SECOND : FEMALE_SECOND;
  return first[Math.floor(roll() * first.length)]! + second[Math.floor(roll() * second.length)]!;
}
