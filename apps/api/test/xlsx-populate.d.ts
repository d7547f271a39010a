/**
 * The part of xlsx-populate the import tests use (it ships no types): saving a workbook with an
 * open password, encrypted as Excel encrypts it.
 */
declare module 'xlsx-populate' {
  interface Workbook {
    outputAsync(options?: { password?: string }): Promise<Buffer>;
  }
  const XlsxPopulate: { fromDataAsync(data: Buffer): Promise<Workbook> };
  export default XlsxPopulate;
}
