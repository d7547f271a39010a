import { Result } from 'antd';
import { useMatches } from 'react-router';

/** What the router tells a placeholder route about the module it stands for. */
export type PlaceholderHandle = { title: string };

export default function PlaceholderRoute() {
  const handle = useMatches().at(-1)?.handle as PlaceholderHandle | undefined;
  return (
    <Result
      status="info"
      title={`${handle?.title ?? '该'}模块建设中`}
      subTitle="该功能将在后续版本中开放，敬请期待。"
    />
  );
}
