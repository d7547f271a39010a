/**
 * The 4xx answers Fastify and its plugins give before a route's own code runs (a body too large,
 * malformed JSON, a broken multipart form, an undecodable URL), in the API's language: their own
 * messages are English and meant for developers. docs/security.md lists what reaches them.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

const MIB = 1024 * 1024;

const sizeOf = (bytes: number) =>
  bytes % MIB === 0 ? `${bytes / MIB} MiB` : `${Math.round(bytes / 1024)} KiB（${bytes} 字节）`;

const messages: Record<string, (request: FastifyRequest) => string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: (request) =>
    `请求内容过大：不能超过 ${sizeOf(request.routeOptions.bodyLimit ?? MIB)}`,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () =>
    '不支持的请求内容类型 (Content-Type)：请以 application/json 提交，上传文件请用 multipart/form-data',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => '请求内容的长度与 Content-Length 不符',
  FST_ERR_CTP_EMPTY_JSON_BODY: () => 'Content-Type 为 application/json 时请求内容不能为空',
  FST_ERR_CTP_INVALID_JSON_BODY: () => '请求内容不是有效的 JSON',
  FST_ERR_BAD_URL: () => '请求地址含有无效的字符编码',
  FST_ERR_MAX_PARAM_LENGTH: () => '请求地址中的参数过长',
  FST_PARTS_LIMIT: () => '表单内容过多，请只提交所需的字段和一个文件',
  FST_FILES_LIMIT: () => '每次只能上传一个文件',
  FST_FIELDS_LIMIT: () => '表单字段过多，请只提交所需的字段',
  FST_REQ_FILE_TOO_LARGE: () => '上传的文件过大',
  FST_PROTO_VIOLATION: () => '表单字段名不能是 __proto__ 等保留名称',
  FST_INVALID_MULTIPART_CONTENT_TYPE: () => '请以 multipart/form-data 上传文件',
  FST_MP_PREMATURE_CLOSE: () => '上传中断：表单未读完请求就结束了',
};

/** The Chinese message for a framework's 4xx; anything unlisted keeps its words behind a Chinese lead. */
export function frameworkErrorMessage(error: FastifyError, request: FastifyRequest): string {
  const known = error.code ? messages[error.code] : undefined;
  if (known) return known(request);
  if (error instanceof SyntaxError) {
    // secure-json-parse refuses `__proto__` and `constructor.prototype` keys with a SyntaxError too.
    return /prototype/i.test(error.message)
      ? '请求内容含有不允许的键（__proto__ 或 constructor.prototype）'
      : '请求内容不是有效的 JSON';
  }
  return /\p{Script=Han}/u.test(error.message) ? error.message : `请求无法处理：${error.message}`;
}

/**
 * Fastify's `frameworkErrors`: a URL the router cannot decode, or a path parameter over its
 * length, is answered before any route or error handler runs; this gives it the API's shape.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const statusCode = error.statusCode ?? 400;
  return reply.code(statusCode).send({
    statusCode,
    error: statusCode === 414 ? 'URI Too Long' : 'Bad Request',
    message: frameworkErrorMessage(error, request),
  });
}
