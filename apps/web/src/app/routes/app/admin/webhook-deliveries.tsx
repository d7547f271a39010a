import { DeliveryLog } from '@/features/notifications/components/delivery-log';

export default function WebhookDeliveriesRoute() {
  return <DeliveryLog />;
}
