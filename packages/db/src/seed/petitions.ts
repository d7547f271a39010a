/**
 * 73 sample petition cases (信访件), shaped like the published 边督边改公开情况一览表. The
 * inspection group's real case texts are not reproduced: these are realistic samples generated
 * from templates, flagged 示例数据 in the data (isSample) and in the UI.
 */
import type { TaskStatus } from './plan-tasks';
import type { Random } from './random';
import { streets } from './units';

type PollutionType =
  | 'WATER'
  | 'AIR'
  | 'NOISE'
  | 'CATERING_FUMES'
  | 'GARBAGE'
  | 'DUST'
  | 'ECOLOGY'
  | 'SOIL'
  | 'HEAVY_METAL'
  | 'OTHER';

interface CaseTemplate {
  types: PollutionType[];
  summary: string;
  findings: string;
  handling: string;
  /** the department that usually cooperates on such a case */
  cooperatingUnit: string;
}

const places = [
  '某小区',
  '某商住楼',
  '某沿街商铺',
  '某农贸市场',
  '某工业园区',
  '某建筑工地',
  '某河道沿岸',
  '某汽修厂',
  '某物流仓库',
  '某酒店',
];

const templates: CaseTemplate[] = [
  {
    types: ['CATERING_FUMES'],
    summary: '反映{street}{place}底商餐饮店油烟直排，油烟扰民严重，夏季无法开窗。',
    findings: '经现场核查，该处共有餐饮店{n}家，其中部分店铺未安装油烟净化设施或设施未正常运行。',
    handling: '责令相关餐饮店安装油烟净化设施并定期清洗，对未整改到位的依法立案查处，建立日常巡查机制。',
    cooperatingUnit: 'dept-market-regulation',
  },
  {
    types: ['NOISE'],
    summary: '反映{street}{place}夜间施工噪声扰民，影响周边居民休息。',
    findings: '经核查，该工地存在未经许可夜间施工行为，噪声监测超标。',
    handling: '责令停止违规夜间施工，依法立案处罚，要求工地落实降噪措施，夜间施工须办理审批并公示。',
    cooperatingUnit: 'dept-urban-management',
  },
  {
    types: ['AIR'],
    summary: '反映{street}{place}内企业喷漆废气异味明显，周边居民闻到刺鼻气味。',
    findings: '经现场检查，该企业喷漆工序废气收集不完善，活性炭未按期更换。',
    handling: '责令企业完善废气收集处理设施并按期更换活性炭，委托第三方监测达标，纳入重点监管。',
    cooperatingUnit: 'dept-ecology',
  },
  {
    types: ['WATER'],
    summary: '反映{street}{place}附近河道水体发黑发臭，有污水排入。',
    findings: '经排查，存在雨污管网混接，部分生活污水经雨水管排入河道。',
    handling: '实施雨污分流改造，封堵混接点，开展河道清淤和生态修复，纳入河长日常巡查。',
    cooperatingUnit: 'dept-forestry-water',
  },
  {
    types: ['DUST'],
    summary: '反映{street}{place}渣土裸露未覆盖，车辆进出扬尘严重。',
    findings: '经核查，工地部分裸土未覆盖，出入口冲洗设施未正常使用。',
    handling: '责令落实裸土覆盖、车辆冲洗、围挡喷淋等措施，对违规行为依法处罚，安装扬尘在线监测。',
    cooperatingUnit: 'dept-construction',
  },
  {
    types: ['GARBAGE'],
    summary: '反映{street}{place}垃圾堆放点长期未清运，臭味扰民，蚊蝇滋生。',
    findings: '经核查，该处垃圾清运频次不足，存在装修垃圾和生活垃圾混堆现象。',
    handling: '增加清运频次，设置装修垃圾集中堆放点，落实垃圾分类并建立长效保洁机制。',
    cooperatingUnit: 'dept-urban-management',
  },
  {
    types: ['AIR', 'NOISE'],
    summary: '反映{street}{place}内小作坊切割打磨，粉尘和噪声扰民。',
    findings: '经核查，该作坊属“散乱污”企业，无环保审批手续，生产过程产生粉尘和噪声。',
    handling: '依法关停取缔该作坊，断水断电，纳入“散乱污”清单管理并复查防止反弹。',
    cooperatingUnit: 'dept-development-economy',
  },
  {
    types: ['WATER', 'SOIL'],
    summary: '反映{street}{place}汽修厂废机油随意倾倒，污染土壤和下水道。',
    findings: '经核查，该汽修厂危险废物贮存不规范，存在废机油外溢现象。',
    handling: '责令规范危险废物贮存和转移，清理受污染土壤，依法立案处罚。',
    cooperatingUnit: 'dept-ecology',
  },
  {
    types: ['HEAVY_METAL', 'SOIL'],
    summary: '反映{street}{place}原化工企业关停后场地可能存在污染，担心影响居民健康。',
    findings: '经调查，该地块列入疑似污染地块名录，已启动土壤环境初步调查。',
    handling: '完成土壤环境调查和风险评估，未经评估不得开发利用，调查结果向社会公开。',
    cooperatingUnit: 'dept-planning',
  },
  {
    types: ['ECOLOGY'],
    summary: '反映半山森林公园周边有违规建设项目，破坏山体植被。',
    findings: '经核查，存在临时建筑未按期拆除、局部植被受损情况。',
    handling: '拆除违规建筑，实施植被恢复，加强生态保护红线巡查。',
    cooperatingUnit: 'dept-forestry-water',
  },
  {
    types: ['NOISE', 'OTHER'],
    summary: '反映{street}{place}商户高音喇叭招揽生意，噪声扰民。',
    findings: '经核查，反映情况属实，部分商户使用高音喇叭。',
    handling: '责令商户停止使用高音喇叭，开展沿街商铺噪声专项整治。',
    cooperatingUnit: 'dept-urban-management',
  },
  {
    types: ['AIR', 'CATERING_FUMES'],
    summary: '反映{street}{place}露天烧烤油烟和烟尘扰民。',
    findings: '经核查，夜间存在占道露天烧烤现象。',
    handling: '取缔露天烧烤，引导经营户入室规范经营，加强夜间巡查。',
    cooperatingUnit: 'dept-urban-management',
  },
];

export interface PetitionSeed {
  number: string;
  batch: number;
  handedOverInDays: number;
  isKeyCase: boolean;
  duplicateOfNumber: string | null;
  areaUnit: string;
  pollutionTypes: PollutionType[];
  complaintSummary: string;
  investigationFindings: string | null;
  verdict: 'TRUE' | 'MOSTLY_TRUE' | 'PARTLY_TRUE' | 'FALSE' | null;
  handling: string | null;
  cooperatingUnit: string;
  status: TaskStatus;
  deadlineInDays: number;
  accountability: {
    orderedToRectify: number;
    penaltyCases: number;
    finesTenThousandYuan: number;
    criminalInvestigations: number;
    administrativeDetentions: number;
    criminalDetentions: number;
    interviews: number;
    accountablePersons: number;
  };
}

export const PETITION_CASE_COUNT = 73;

/** Status mix of the 73 cases: most closed, some on the way to closure, some still open. */
function statusFor(index: number): TaskStatus {
  if (index < 38) return 'CLOSED';
  if (index < 43) return 'PHASE_COMPLETE';
  if (index < 45) return 'AWAITING_SIGN_OFF';
  if (index < 48) return 'PUBLIC_NOTICE';
  if (index < 51) return 'AWAITING_VERIFICATION';
  if (index < 53) return 'CLOSURE_REQUESTED';
  if (index < 70) return 'IN_PROGRESS';
  return 'REGISTERED';
}

export function generatePetitions(random: Random): PetitionSeed[] {
  const cases: PetitionSeed[] = [];
  for (let index = 0; index < PETITION_CASE_COUNT; index++) {
    const template = random.pick(templates);
    const street = template.types.includes('ECOLOGY') ? streets[9] : random.pick(streets);
    const place = random.pick(places);
    const status = statusFor(index);
    const batch = 1 + Math.floor(index / 4);
    const open = status !== 'CLOSED';
    // Open cases cluster around today (some overdue, some due within days); closed ones lie in the past.
    const deadlineInDays = open ? random.int(-40, 75) : random.int(-600, -60);
    const verdict =
      status === 'REGISTERED'
        ? null
        : random.pick(['TRUE', 'TRUE', 'MOSTLY_TRUE', 'PARTLY_TRUE', 'FALSE'] as const);
    const founded = verdict !== null && verdict !== 'FALSE';
    const fill = (text: string) =>
      text
        .replaceAll('{street}', street.name)
        .replaceAll('{place}', place)
        .replaceAll('{n}', String(random.int(2, 9)));
    const number = `X3300002017${String(810 + batch).padStart(4, '0')}${String(index + 1).padStart(4, '0')}`;
    cases.push({
      number,
      batch,
      handedOverInDays: -720 + batch * 2,
      isKeyCase: random.chance(0.15),
      duplicateOfNumber:
        index > 10 && random.chance(0.08) ? (cases[random.int(0, index - 1)]?.number ?? null) : null,
      areaUnit: street.code,
      pollutionTypes: template.types,
      complaintSummary: fill(template.summary),
      investigationFindings:
        verdict === null ? null : founded ? fill(template.findings) : '经现场核查，未发现所反映问题。',
      verdict,
      handling:
        verdict === null ? null : founded ? template.handling : '向信访人做好解释说明，纳入日常巡查。',
      cooperatingUnit: template.cooperatingUnit,
      status,
      deadlineInDays,
      accountability: founded
        ? {
            orderedToRectify: random.int(1, 6),
            penaltyCases: random.int(0, 3),
            finesTenThousandYuan: random.int(0, 40) / 2,
            criminalInvestigations: random.chance(0.05) ? 1 : 0,
            administrativeDetentions: random.chance(0.05) ? 1 : 0,
            criminalDetentions: 0,
            interviews: random.int(0, 3),
            accountablePersons: random.chance(0.1) ? random.int(1, 2) : 0,
          }
        : {
            orderedToRectify: 0,
            penaltyCases: 0,
            finesTenThousandYuan: 0,
            criminalInvestigations: 0,
            administrativeDetentions: 0,
            criminalDetentions: 0,
            interviews: 0,
            accountablePersons: 0,
          },
    });
  }
  return cases;
}
