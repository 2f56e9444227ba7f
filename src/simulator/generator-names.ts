/** Word lists for the generated data; all names are invented. Products carry [ref, label, UN/ECE unit, unit label, VAT %]. */

export const SUPPLIER_NAMES = [
  'Fournitures Bureau Lumière SARL',
  'Atelier Mécanique du Val',
  'Informatique & Réseaux Delta',
  'Nettoyage Industriel Azur',
  'Papeterie Moderne des Alpes',
  'Transports Rapides Garonne',
  'Bâtiment Services Océane',
  'Restauration Collective Mistral',
  'Énergies Vertes Solaris',
  'Conseil Numérique Hexa',
  'Mobilier Urbain Cassiopée',
  'Électricité Générale Volta',
] as const;

export const RECIPIENT_NAMES = [
  'Commune de Saint-Exemple-sur-Loire',
  'Département du Val Imaginaire',
  'Centre Hospitalier de Villeneuve-Fictive',
] as const;

export const RECIPIENT_SERVICES = [
  ['COMPTABILITE', 'Service comptabilité'],
  ['SERV_TECH', 'Services techniques'],
  ['DSI', 'Direction des systèmes d’information'],
  ['ACHATS', 'Service des achats'],
] as const;

export const STREETS = [
  'rue de la République',
  'avenue Jean Jaurès',
  'boulevard Victor Hugo',
  'place de la Mairie',
  'chemin des Vignes',
  'rue du Moulin',
  'allée des Tilleuls',
  'quai de la Gare',
] as const;

export const CITIES = [
  ['69003', 'Lyon'],
  ['33000', 'Bordeaux'],
  ['31000', 'Toulouse'],
  ['44000', 'Nantes'],
  ['67000', 'Strasbourg'],
  ['13001', 'Marseille'],
  ['59000', 'Lille'],
  ['35000', 'Rennes'],
  ['21000', 'Dijon'],
  ['37000', 'Tours'],
] as const;

export const BANKS = [
  ['Banque Régionale du Centre', 'BRCEFRPP'],
  ['Crédit Coopératif Fictif', 'CCFIFRPP'],
  ['Caisse d’Épargne Imaginaire', 'CEIMFRPP'],
  ['Société Bancaire de l’Ouest', 'SBOUFRPP'],
] as const;

export const PRODUCTS = [
  ['RAM-A4-80', 'Ramette papier A4 80 g', 'C62', 'unité', 20],
  ['CART-TON-12', 'Cartouche de toner noir', 'C62', 'unité', 20],
  ['MAINT-H', 'Heure de maintenance', 'HUR', 'heure', 20],
  ['NETT-M2', 'Nettoyage de locaux', 'MTK', 'm²', 20],
  ['LIV-FORF', 'Forfait de livraison', 'C62', 'forfait', 20],
  ['REPAS-STD', 'Repas standard', 'C62', 'unité', 10],
  ['LIC-ANN', 'Licence logicielle annuelle', 'C62', 'unité', 20],
  ['CONS-J', 'Journée de conseil', 'DAY', 'jour', 20],
  ['CABLE-M', 'Câble électrique', 'MTR', 'mètre', 20],
  ['LIVRE-JEUN', 'Livre jeunesse', 'C62', 'unité', 5.5],
  ['TRANS-KM', 'Transport', 'KMT', 'km', 10],
  ['FORM-SESS', 'Session de formation', 'C62', 'unité', 0],
] as const;

export const COMPLEMENT_CATEGORIES = [
  ['BL', 'Bon de livraison'],
  ['BC', 'Bon de commande'],
  ['ANNEXE', 'Document annexe'],
  ['DEVIS', 'Devis'],
] as const;
