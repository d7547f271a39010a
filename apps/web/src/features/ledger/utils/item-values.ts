/**
 * The item form's values and what the API reads: the create and update bodies the domain schemas
 * (createItemInput, updateItemInput) validate, the values a stored record fills the form with,
 * and which fields an edit changed.
 */
import type { ItemDetail, UpdateItemInput } from '@ledger/domain/items';
import type {
  accountabilityCounts,
  inspectionRound,
  itemKind,
  pollutionType,
  problemCategory,
  timeLimitType,
  verdict,
} from '@ledger/domain/vocabulary';
import dayjs, { type Dayjs } from 'dayjs';

type Code<V extends { codes: readonly string[] }> = V['codes'][number];

export type ItemKind = Code<typeof itemKind>;

export type TaskValues = {
  inspectionRound?: Code<typeof inspectionRound>;
  feedbackText?: string;
  category?: Code<typeof problemCategory>;
  target?: string;
  measures?: (string | undefined)[];
  closureStandard?: string;
};

/** 问责情况: the counts of the official petition table. */
export type AccountabilityField = (typeof accountabilityCounts)[number]['field'];

export type PetitionValues = {
  batch?: number | null;
  handedOverOn?: Dayjs | null;
  isKeyCase?: boolean;
  duplicateOfNumber?: string;
  complaintSummary?: string;
  areaUnitId?: string;
  pollutionTypes?: Code<typeof pollutionType>[];
  investigationFindings?: string;
  verdict?: Code<typeof verdict> | null;
  handling?: string;
  signerName?: string;
} & { [field in AccountabilityField]?: number | null };

export type ItemValues = {
  kind: ItemKind;
  number?: string;
  title?: string;
  leadUnitId?: string;
  cooperatingUnitIds?: string[];
  leadLeaderName?: string;
  responsiblePersonName?: string;
  responsiblePersonPhone?: string;
  deadline?: Dayjs | null;
  warningDate?: Dayjs | null;
  timeLimitType?: Code<typeof timeLimitType>;
  isPublic?: boolean;
  task?: TaskValues;
  petition?: PetitionValues;
};

/** A blank optional text is "none" (null), which is how the API stores and answers it. */
const blankToNull = (value: string | null | undefined) => (value?.trim() ? value : null);
const day = (value: Dayjs | null | undefined) => (value ? value.format('YYYY-MM-DD') : '');
const count = (value: number | null | undefined) => value ?? 0;

function commonInput(values: ItemValues) {
  return {
    title: values.title ?? '',
    leadUnitId: values.leadUnitId,
    cooperatingUnitIds: values.cooperatingUnitIds ?? [],
    leadLeaderName: blankToNull(values.leadLeaderName),
    responsiblePersonName: blankToNull(values.responsiblePersonName),
    responsiblePersonPhone: blankToNull(values.responsiblePersonPhone),
    deadline: day(values.deadline),
    warningDate: values.warningDate ? day(values.warningDate) : null,
    timeLimitType: values.timeLimitType,
    isPublic: values.isPublic ?? false,
  };
}

function taskInput(task: TaskValues = {}) {
  return {
    inspectionRound: task.inspectionRound,
    feedbackText: task.feedbackText ?? '',
    category: task.category,
    target: task.target ?? '',
    measures: (task.measures ?? []).map((measure) => measure ?? ''),
    closureStandard: task.closureStandard ?? '',
  };
}

function petitionInput(petition: PetitionValues = {}) {
  return {
    batch: petition.batch ?? undefined,
    handedOverOn: day(petition.handedOverOn),
    isKeyCase: petition.isKeyCase ?? false,
    duplicateOfNumber: blankToNull(petition.duplicateOfNumber),
    complaintSummary: petition.complaintSummary ?? '',
    areaUnitId: petition.areaUnitId,
    pollutionTypes: petition.pollutionTypes ?? [],
    investigationFindings: blankToNull(petition.investigationFindings),
    verdict: petition.verdict ?? null,
    handling: blankToNull(petition.handling),
    // A count left empty is none (the schema's default); a record always has all eight.
    orderedToRectify: count(petition.orderedToRectify),
    penaltyCases: count(petition.penaltyCases),
    finesTenThousandYuan: count(petition.finesTenThousandYuan),
    criminalInvestigations: count(petition.criminalInvestigations),
    administrativeDetentions: count(petition.administrativeDetentions),
    criminalDetentions: count(petition.criminalDetentions),
    interviews: count(petition.interviews),
    accountablePersons: count(petition.accountablePersons),
    signerName: blankToNull(petition.signerName),
  };
}

/** The form's values as `createItemInput` reads them: the common fields and the kind's own. */
export function toCreateInput(values: ItemValues) {
  const common = { number: values.number ?? '', ...commonInput(values) };
  return values.kind === 'PETITION'
    ? { kind: 'PETITION' as const, ...common, petition: petitionInput(values.petition) }
    : { kind: 'TASK' as const, ...common, task: taskInput(values.task) };
}

/**
 * The form's values as `updateItemInput` reads them: every editable field of the item's kind (the
 * number and the kind are fixed once registered). {@link changedFields} then keeps what changed.
 */
export function toUpdateInput(values: ItemValues, version: number) {
  return {
    version,
    ...commonInput(values),
    ...(values.kind === 'PETITION'
      ? { petition: petitionInput(values.petition) }
      : { task: taskInput(values.task) }),
  };
}

/** A stored record as the form shows it. */
export function valuesOfItem(item: ItemDetail): ItemValues {
  const { task, petition } = item;
  return {
    kind: item.kind,
    number: item.number,
    title: item.title,
    leadUnitId: item.leadUnit.id,
    cooperatingUnitIds: item.cooperatingUnits.map((unit) => unit.id),
    leadLeaderName: item.leadLeaderName ?? '',
    responsiblePersonName: item.responsiblePersonName ?? '',
    responsiblePersonPhone: item.responsiblePersonPhone ?? '',
    deadline: dayjs(item.deadline),
    warningDate: item.warningDate ? dayjs(item.warningDate) : null,
    timeLimitType: item.timeLimitType,
    isPublic: item.isPublic,
    task: task ? { ...task, measures: [...task.measures] } : undefined,
    petition: petition
      ? {
          batch: petition.batch,
          handedOverOn: dayjs(petition.handedOverOn),
          isKeyCase: petition.isKeyCase,
          duplicateOfNumber: petition.duplicateOfNumber ?? '',
          complaintSummary: petition.complaintSummary,
          areaUnitId: petition.area.id,
          pollutionTypes: [...petition.pollutionTypes],
          investigationFindings: petition.investigationFindings ?? '',
          verdict: petition.verdict,
          handling: petition.handling ?? '',
          orderedToRectify: petition.orderedToRectify,
          penaltyCases: petition.penaltyCases,
          finesTenThousandYuan: petition.finesTenThousandYuan,
          criminalInvestigations: petition.criminalInvestigations,
          administrativeDetentions: petition.administrativeDetentions,
          criminalDetentions: petition.criminalDetentions,
          interviews: petition.interviews,
          accountablePersons: petition.accountablePersons,
          signerName: petition.signerName ?? '',
        }
      : undefined,
  };
}

type Fields = Record<string, unknown>;

/** Units are a set: listing the same ones in another order changes nothing. */
const comparable = (field: string, value: unknown) =>
  field === 'cooperatingUnitIds' && Array.isArray(value) ? [...(value as string[])].sort() : value;

const same = (field: string, a: unknown, b: unknown) =>
  JSON.stringify(comparable(field, a)) === JSON.stringify(comparable(field, b));

function changedOf(before: Fields, after: Fields): Fields {
  return Object.fromEntries(
    Object.entries(after).filter(
      ([field, value]) => value !== undefined && !same(field, before[field], value),
    ),
  );
}

/**
 * The PATCH body for an edit: the fields whose value differs from the record the form started
 * from (`before`, as {@link toUpdateInput} gives it), with the task's or petition's fields nested
 * as the API takes them, and without `version` (the caller adds the one it read).
 */
export function changedFields(
  before: ReturnType<typeof toUpdateInput>,
  after: UpdateItemInput | ReturnType<typeof toUpdateInput>,
): Omit<UpdateItemInput, 'version'> {
  const { version: _before, task: taskBefore, petition: petitionBefore, ...commonBefore } = before as Fields;
  const { version: _after, task, petition, ...common } = after as Fields;
  const changes: Fields = changedOf(commonBefore, common);
  for (const [group, next, previous] of [
    ['task', task, taskBefore],
    ['petition', petition, petitionBefore],
  ] as const) {
    if (!next) continue;
    const nested = changedOf((previous ?? {}) as Fields, next as Fields);
    if (Object.keys(nested).length > 0) changes[group] = nested;
  }
  return changes as Omit<UpdateItemInput, 'version'>;
}

/** Each field's name on the form (and in the official tables), for saying which fields changed. */
export const fieldLabels: Record<string, string> = {
  number: '编号',
  title: '标题',
  leadUnitId: '牵头单位',
  cooperatingUnitIds: '配合单位',
  leadLeaderName: '责任区领导',
  responsiblePersonName: '责任人',
  responsiblePersonPhone: '联系电话',
  deadline: '整改时限',
  warningDate: '预警时间',
  timeLimitType: '时限类型',
  isPublic: '向社会公开',
  'task.inspectionRound': '督察轮次',
  'task.feedbackText': '反馈问题',
  'task.category': '问题类别',
  'task.target': '整改目标',
  'task.measures': '整改措施',
  'task.closureStandard': '销号标准',
  'petition.batch': '交办批次',
  'petition.handedOverOn': '交办日期',
  'petition.isKeyCase': '重点件',
  'petition.duplicateOfNumber': '重复件编号',
  'petition.complaintSummary': '交办问题基本情况',
  'petition.areaUnitId': '行政区域',
  'petition.pollutionTypes': '污染类型',
  'petition.investigationFindings': '调查核实情况',
  'petition.verdict': '是否属实',
  'petition.handling': '处理和整改情况',
  'petition.orderedToRectify': '责令整改(家)',
  'petition.penaltyCases': '立案处罚(家)',
  'petition.finesTenThousandYuan': '罚款(万元)',
  'petition.criminalInvestigations': '立案侦查(件)',
  'petition.administrativeDetentions': '行政拘留(人)',
  'petition.criminalDetentions': '刑事拘留(人)',
  'petition.interviews': '约谈(人)',
  'petition.accountablePersons': '问责(人)',
  'petition.signerName': '签字人',
};

/** The names of the fields a change body touches, in the form's order. */
export function changedLabels(changes: Omit<UpdateItemInput, 'version'>): string[] {
  const keys = Object.entries(changes).flatMap(([field, value]) =>
    (field === 'task' || field === 'petition') && value && typeof value === 'object'
      ? Object.keys(value).map((nested) => `${field}.${nested}`)
      : [field],
  );
  return Object.keys(fieldLabels)
    .filter((key) => keys.includes(key))
    .map((key) => fieldLabels[key]!);
}

/** The names of the fields in which two versions of one record differ. */
export function differingLabels(before: ItemDetail, after: ItemDetail): string[] {
  return changedLabels(
    changedFields(
      toUpdateInput(valuesOfItem(before), before.version),
      toUpdateInput(valuesOfItem(after), after.version),
    ),
  );
}
