import type { DivisionLevel } from '../divisions/index.js';

/**
 * The shorter forms people write for divisions (浙江 for 浙江省, 义乌 for 义乌市, 延边州 for
 * 延边朝鲜族自治州). Derived from the official names, so they follow the data.
 */

/**
 * The 55 minority nationalities, longest first so that 土家 wins over 土. Autonomous
 * divisions put one or more of them between the place name and 自治州/县/旗, and that is
 * the part people drop; without the list the boundary cannot be found (莫力达瓦|达斡尔族).
 */
const NATIONALITIES = [
  '柯尔克孜', '乌孜别克', '维吾尔', '哈萨克', '达斡尔', '塔吉克', '俄罗斯', '鄂温克', '塔塔尔', '鄂伦春',
  '蒙古', '布依', '朝鲜', '土家', '哈尼', '傈僳', '高山', '拉祜', '东乡', '纳西', '景颇', '仫佬', '布朗',
  '撒拉', '毛南', '仡佬', '锡伯', '阿昌', '普米', '德昂', '保安', '裕固', '独龙', '赫哲', '门巴', '珞巴', '基诺',
  '回', '藏', '苗', '彝', '壮', '满', '侗', '瑶', '白', '傣', '黎', '佤', '畲', '水', '土', '羌', '怒', '京',
];

// 族 is optional because several Xinjiang names leave it out (伊犁哈萨克自治州).
const AUTONOMOUS = new RegExp(`^(.{2,}?)(?:(?:${NATIONALITIES.join('|')})族?)+自治(州|县|旗)$`);

const PROVINCE_SUFFIX = /(省|市|特别行政区|壮族自治区|回族自治区|维吾尔自治区|自治区)$/;
const CITY_SUFFIX = /(地区|市|盟)$/;
const COUNTY_SUFFIX = /(林区|特区|新区|市|县|区|旗)$/;

/** Names that say nothing on their own: never indexed, as full names or short. */
export const GENERIC_NAMES = new Set(['市辖区', '城区', '郊区', '矿区', '县', '市']);

/** The short forms of one official name, without the name itself; each at least 2 characters. */
export function shortNames(name: string, level: DivisionLevel): string[] {
  const forms = new Set<string>();
  const autonomous = AUTONOMOUS.exec(name);
  if (autonomous && level !== 'PROVINCE') {
    const [, place, kind] = autonomous;
    forms.add(place!);
    // 延边州, 大厂县: the usual spoken forms of 自治州 and 自治县.
    forms.add(place! + kind!);
  } else {
    const suffix = level === 'PROVINCE' ? PROVINCE_SUFFIX : level === 'CITY' ? CITY_SUFFIX : COUNTY_SUFFIX;
    const stripped = name.replace(suffix, '');
    if (stripped !== name) forms.add(stripped);
  }
  forms.delete(name);
  return [...forms].filter((form) => form.length >= 2 && !GENERIC_NAMES.has(form));
}
