import { Button, Result } from 'antd';
import { isRouteErrorResponse, useRouteError } from 'react-router';

/**
 * Shown when a page fails to load or render. After a deployment an old tab asks for chunks that
 * no longer exist, and reloading fetches the new ones, hence the button.
 */
export function RouteError() {
  const error = useRouteError();
  const detail = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : undefined;

  return (
    <Result
      status="error"
      title="页面加载出错"
      subTitle={detail ? `请刷新页面重试。错误信息：${detail}` : '请刷新页面重试。'}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          刷新页面
        </Button>
      }
    />
  );
}
