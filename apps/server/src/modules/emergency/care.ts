import { CARE_NEEDS, type CareNeed, type Hospital, type HospitalCapability } from './model.js';

/**
 * Whether a hospital can treat a call's patient, from its capabilities and the care the incident type
 * needs: the receiving hospitals are ranked by it (tier first, then travel time), each with its reason
 * in Vietnamese and English. A specialist hospital that gives no acute care (eye, dental, dermatology,
 * traditional medicine…) is listed last, marked not suitable, never hidden: the dispatcher decides.
 */

export interface HospitalFit {
  /** 0 treats this care in an emergency; 1 general emergency; 2 other or unknown; 3 no emergency department; 4 specialist only. */
  readonly tier: number;
  readonly suitable: boolean;
  readonly why: { vi: string; en: string };
}

const WORDS: Record<HospitalCapability, { vi: string; en: string }> = {
  emergency: { vi: 'cấp cứu', en: 'emergency' },
  general: { vi: 'đa khoa', en: 'general' },
  cardiac: { vi: 'tim mạch', en: 'cardiac' },
  trauma: { vi: 'chấn thương', en: 'trauma' },
  burns: { vi: 'bỏng', en: 'burns' },
  paediatric: { vi: 'nhi', en: 'paediatric' },
  obstetric: { vi: 'sản khoa', en: 'obstetric' },
  stroke: { vi: 'đột quỵ', en: 'stroke' },
  eye: { vi: 'mắt', en: 'eye' },
  dental: { vi: 'răng hàm mặt', en: 'dental' },
  dermatology: { vi: 'da liễu', en: 'dermatology' },
  traditional: { vi: 'y học cổ truyền', en: 'traditional medicine' },
  psychiatric: { vi: 'tâm thần', en: 'psychiatric' },
  oncology: { vi: 'ung bướu', en: 'oncology' },
  respiratory: { vi: 'phổi', en: 'respiratory' },
  ent: { vi: 'tai mũi họng', en: 'ear, nose and throat' },
  endocrine: { vi: 'nội tiết', en: 'endocrine' },
  renal: { vi: 'thận', en: 'renal' },
  infectious: { vi: 'bệnh nhiệt đới', en: 'infectious diseases' },
  haematology: { vi: 'huyết học', en: 'haematology' },
  geriatric: { vi: 'lão khoa', en: 'geriatric' },
  rehabilitation: { vi: 'phục hồi chức năng', en: 'rehabilitation' },
};

/** The acute care of CARE_NEEDS (all but the general emergency): a hospital giving one takes its emergencies. */
const ACUTE: readonly string[] = CARE_NEEDS.filter((c) => c !== 'emergency');

const careWords = (care: CareNeed) =>
  care === 'emergency' ? { vi: 'cấp cứu đa khoa', en: 'general emergency' } : WORDS[care];

/** What it gives, in words: its specialities, or "đa khoa". */
function gives(caps: ReadonlySet<string>): { vi: string; en: string } {
  const named = [...caps].filter((c) => c !== 'emergency' && c !== 'general' && c in WORDS) as HospitalCapability[];
  if (named.length === 0) return WORDS.general;
  return { vi: named.map((c) => WORDS[c].vi).join(', '), en: named.map((c) => WORDS[c].en).join(', ') };
}

export function hospitalFit(hospital: Hospital, care: CareNeed): HospitalFit {
  if (hospital.capabilities === undefined)
    return {
      tier: 2,
      suitable: true,
      why: { vi: 'chưa rõ khả năng tiếp nhận', en: 'capabilities not stated' },
    };
  const caps = new Set(hospital.capabilities);
  const takes = caps.has('emergency');
  const general = caps.has('general');
  const need = careWords(care);
  if (!general && !ACUTE.some((c) => caps.has(c))) {
    const what = gives(caps);
    return {
      tier: 4,
      suitable: false,
      why: { vi: `chỉ chuyên khoa ${what.vi}: không phù hợp`, en: `${what.en} hospital only: not suitable` },
    };
  }
  if (!takes)
    return {
      tier: 3,
      suitable: false,
      why: { vi: 'không có khoa cấp cứu', en: 'no emergency department' },
    };
  if (care !== 'emergency' && caps.has(care))
    return { tier: 0, suitable: true, why: { vi: `cấp cứu ${need.vi}`, en: `${need.en} emergency care` } };
  if (general)
    return {
      tier: care === 'emergency' ? 0 : 1,
      suitable: true,
      why:
        care === 'emergency'
          ? { vi: 'cấp cứu đa khoa', en: 'general emergency department' }
          : { vi: `cấp cứu đa khoa, không chuyên ${need.vi}`, en: `general emergency department, no ${need.en} unit` },
    };
  const what = gives(caps);
  return {
    tier: 2,
    suitable: true,
    why: {
      vi: `cấp cứu chuyên khoa ${what.vi}, không phải ${need.vi}`,
      en: `${what.en} emergencies, not ${need.en}`,
    },
  };
}
