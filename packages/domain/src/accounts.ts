/**
 * Accounts and sessions: the password policy and the limits of MLPS 2.0 level 3, shared by the
 * API (which enforces them) and the web app (which explains them before a request is sent).
 */
import { z } from 'zod';

import { text, uuid } from './items';
import { pageFields, pageQueryFields } from './paging';
import { allPermissions, type Role } from './permissions';
import { role } from './vocabulary';

/** Lockout: this many failures in a row lock the account for LOCK_MINUTES. */
export const MAX_LOGIN_FAILURES = 5;
export const LOCK_MINUTES = 15;
/** A session ends after this long without a request, and in any case after SESSION_ABSOLUTE_HOURS. */
export const SESSION_IDLE_MINUTES = 30;
export const SESSION_ABSOLUTE_HOURS = 12;

/**
 * Roles that must log in with a second factor (TOTP, RFC 6238): those who close items, sign off,
 * read the whole record or administer accounts. Others may turn it on for themselves.
 */
export const secondFactorRoles = [
  'COORDINATOR',
  'DISTRICT_LEADER',
  'AUDITOR',
  'ADMIN',
  'SECURITY_ADMIN',
  'AUDIT_ADMIN',
] as const satisfies readonly Role[];

export function requiresSecondFactor(roleCode: Role): boolean {
  return (secondFactorRoles as readonly Role[]).includes(roleCode);
}

/**
 * TOTP as every authenticator app reads it (Google/Microsoft Authenticator, FreeOTP, 企业微信…):
 * SHA-1, 6 digits, 30 s; one step either side is accepted for clock drift.
 */
export const TOTP_SETTINGS = {
  issuer: '拱墅区整改台账',
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
  window: 1,
} as const;
/** Recovery codes handed out at enrolment, each good once. */
export const RECOVERY_CODE_COUNT = 10;

/** What a session still lacks: its code, or (for a role that needs one) a bound authenticator. */
export const secondFactorStep = z.enum(['verify', 'enrol']);
export type SecondFactorStep = z.infer<typeof secondFactorStep>;

const totpCode = z
  .string({ error: '请输入验证码' })
  .trim()
  .regex(/^[0-9]{6}$/, '验证码为 6 位数字');

/** The second step of a login: the authenticator's code, or one of the recovery codes. */
export const secondFactorInput = z.union(
  [
    z.object({ code: totpCode }).strict(),
    z
      .object({
        recoveryCode: z
          .string({ error: '请输入恢复码' })
          .trim()
          .min(8, '恢复码格式不正确')
          .max(32, '恢复码格式不正确'),
      })
      .strict(),
  ],
  { error: '请输入 6 位验证码或一个恢复码' },
);
export type SecondFactorInput = z.infer<typeof secondFactorInput>;

/** Confirms a new authenticator, or proves the caller holds the current one. */
export const totpCodeInput = z.object({ code: totpCode }).strict();
export type TotpCodeInput = z.infer<typeof totpCodeInput>;

/** A new authenticator's secret, shown once as a QR code (otpauth URI) and as text. */
export const totpEnrolment = z.object({ secret: z.string(), otpauthUri: z.string() });
export type TotpEnrolment = z.infer<typeof totpEnrolment>;

const characterClasses = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/];

export const password = z
  .string({ error: '请输入密码' })
  .min(8, '密码至少 8 位')
  .max(128, '密码不能超过 128 位')
  .refine(
    (value) => characterClasses.filter((pattern) => pattern.test(value)).length >= 3,
    '密码须包含大写字母、小写字母、数字、符号中的至少三类',
  );

export const username = z
  .string({ error: '请输入账号' })
  .trim()
  .min(2, '账号至少 2 个字符')
  .max(64, '账号不能超过 64 个字符')
  .regex(/^[a-zA-Z0-9._-]+$/, '账号只能包含字母、数字、点、下划线和连字符');

export const loginInput = z
  .object({
    username: z.string({ error: '请输入账号' }).trim().min(1, '请输入账号').max(64),
    // The policy is not applied at login: an old password must still be able to log in to be changed.
    password: z.string({ error: '请输入密码' }).min(1, '请输入密码').max(128),
  })
  .strict();
export type LoginInput = z.infer<typeof loginInput>;

export const changePasswordInput = z
  .object({
    currentPassword: z.string({ error: '请输入当前密码' }).min(1, '请输入当前密码').max(128),
    newPassword: password,
  })
  .strict()
  .refine((value) => value.currentPassword !== value.newPassword, {
    message: '新密码不能与当前密码相同',
    path: ['newPassword'],
  });
export type ChangePasswordInput = z.infer<typeof changePasswordInput>;

const phone = z
  .string()
  .trim()
  .regex(/^[0-9+\-() ]{5,30}$/, '电话号码格式不正确')
  .nullable();

export const createUserInput = z
  .object({
    username,
    displayName: z.string().trim().min(1, '请输入姓名').max(64, '姓名不能超过 64 个字'),
    role: role.schema,
    unitId: z.uuid({ error: '单位编号无效' }).nullable(),
    phone: phone.optional(),
    /** the initial password; the user must change it at first login */
    password,
  })
  .strict();
export type CreateUserInput = z.infer<typeof createUserInput>;

/** Roles that act for a unit and so must belong to one. */
export const unitBoundRoles = ['UNIT_OFFICER', 'UNIT_HEAD'] as const;

/** An account as the admin API answers it (GET /api/users and the changes). */
export const userAccount = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: role.schema,
  unitId: z.string().nullable(),
  unit: z.object({ id: z.string(), name: z.string() }).nullable(),
  phone: z.string().nullable(),
  status: z.enum(['ACTIVE', 'DISABLED']),
  mustChangePassword: z.boolean(),
  /** set only while a lockout after failed logins runs */
  lockedUntil: z.string().nullable(),
  /** an authenticator (TOTP) is bound to the account */
  totpEnabled: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type UserAccount = z.infer<typeof userAccount>;

/** ACTIVE / DISABLED are stored; LOCKED is derived (a lockout that has not run out yet). */
export const userStatusFilter = z.enum(['ACTIVE', 'DISABLED', 'LOCKED']);

export const listUsersQuery = z
  .object({
    q: z.string().trim().max(64, '搜索词不能超过 64 个字').optional(),
    role: role.schema.optional(),
    unitId: uuid('单位').optional(),
    status: userStatusFilter.optional(),
    ...pageQueryFields(200),
  })
  .strict();
export type ListUsersQuery = z.infer<typeof listUsersQuery>;

export const userList = z.object({
  users: z.array(userAccount),
  ...pageFields,
});
export type UserList = z.infer<typeof userList>;

/** Only the fields sent change; disabling (never deleting) is `status: 'DISABLED'`. */
export const updateUserInput = z
  .object({
    displayName: text('姓名', 64),
    role: role.schema,
    unitId: uuid('单位').nullable(),
    phone,
    status: z.enum(['ACTIVE', 'DISABLED']),
  })
  .partial()
  .strict()
  .refine((value) => Object.keys(value).length > 0, '请至少修改一项');
export type UpdateUserInput = z.infer<typeof updateUserInput>;

/** Without `password` the server generates a temporary one and answers it once. */
export const resetPasswordInput = z.object({ password: password.optional() }).strict();
export type ResetPasswordInput = z.infer<typeof resetPasswordInput>;

/** Who is logged in (GET /api/auth/me, and the login's answer), with what the permission table grants. */
export const currentUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: role.schema,
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  /** set for a new or reset account: nothing but changing the password is allowed */
  mustChangePassword: z.boolean(),
  /** set while the login still needs its second factor: nothing else is allowed */
  secondFactor: secondFactorStep.nullable(),
  /** an authenticator is bound to the account */
  totpEnabled: z.boolean(),
  /** the role must log in with a second factor */
  secondFactorRequired: z.boolean(),
  permissions: z.array(z.enum(allPermissions)),
});
export type CurrentUser = z.infer<typeof currentUser>;
